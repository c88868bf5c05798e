package waybill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The receiver of bench/deliveries.sh: answers every CloudEvent with 200 and keeps, per event, the lag from
 * the event's {@code time} (the instant the decision was made, on the service's system clock) to its
 * arrival here. {@code GET /stats}: {@code events distinct p50 p99 max} in milliseconds; {@code POST /reset}.
 */
public final class WebhookSink {
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        Set<String> ids = Collections.synchronizedSet(new HashSet<>());
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 128);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/hook", ex -> {
            long now = System.currentTimeMillis();
            JsonNode ce = json.readTree(ex.getRequestBody().readAllBytes());
            lags.add(now
                    - OffsetDateTime.parse(ce.get("time").asText()).toInstant().toEpochMilli());
            ids.add(ce.get("id").asText());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/stats", ex -> {
            String body;
            synchronized (lags) {
                List<Long> sorted = new ArrayList<>(lags);
                Collections.sort(sorted);
                body = sorted.size() + " " + ids.size() + " " + pct(sorted, 0.50) + " " + pct(sorted, 0.99) + " "
                        + (sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)) + "\n";
                if (ex.getRequestMethod().equals("POST")) {
                    lags.clear();
                    ids.clear();
                }
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        System.out.println("sink listening at " + Instant.now());
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}

package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.json.Mappers;

/**
 * The real service as its own process on the embedded store, with a webhook that answers 500: jobs are
 * created by several clients, and the service is killed with SIGKILL mid-run, with deliveries pending and
 * decisions committed that its delivery thread had not derived yet. Restarted on the same data with the
 * receiver well again, every decision the history holds reaches the receiver (at least once; copies carry
 * the same event id).
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class DeliveryCrashTest {
    static final String KEY = "delivery-crash-admin-key-000001";
    static final Pattern LISTENING = Pattern.compile("waybill listening on http://localhost:(\\d+)");
    static final ObjectMapper JSON = Mappers.json();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyCommittedDecisionIsDeliveredAfterSigkill(@TempDir Path tmp) throws Exception {
        try (Receiver r = new Receiver().otherwise(500)) {
            Path config = tmp.resolve("deliveries.yaml");
            Files.writeString(config, """
                    webhooks:
                      - id: crash
                        url: %s
                        secret: %s
                        filter: {decisions: true}
                    retry: {initial: PT1S, max: PT2S, for: PT1H, timeout: PT1S}
                    """.formatted(r.url(), DeliveryWebhookTest.SECRET));
            Path data = tmp.resolve("data");
            Process first = start(data, config, tmp.resolve("first.log"));
            String base = base(tmp.resolve("first.log"), first);
            String body = JSON.writeValueAsString(TestServer.example("CreateJob.json", "parameters", "body"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger created = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            String path = TestServer.jobPath("crash", "job-" + client + "-" + i) + "?" + TestServer.V;
                            if (send(base, "PUT", path, body).statusCode() == 201) {
                                created.incrementAndGet();
                            }
                        } catch (Exception e) {
                            return; // the service is gone
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            r.await(q -> q.size() >= 10 && created.get() >= 20, 60); // deliveries under way, and failing
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
            first.waitFor(20, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
            int failedAttempts = r.requests().size();

            r.otherwise(200);
            Process second = start(data, config, tmp.resolve("second.log"));
            try {
                String again = base(tmp.resolve("second.log"), second);
                // the retries wait on the service clock (manual here): move it past every backoff
                assertEquals(
                        200,
                        send(again, "POST", "/ops/clock", "{\"advance\":\"PT1M\"}")
                                .statusCode());
                Map<String, Set<Long>> expected = decisions(again);
                int total = expected.values().stream().mapToInt(Set::size).sum();
                assertTrue(
                        total >= created.get(),
                        total + " decisions in the history, " + created.get() + " acknowledged");
                List<Receiver.Request> got = r.await(q -> delivered(q).equals(expected), 60);
                Map<String, Set<String>> idsPerEvent = new HashMap<>();
                for (Receiver.Request q : got) {
                    if (q.answer() != 200) {
                        continue; // a request cut by the kill may be half a body
                    }
                    JsonNode ce = JSON.readTree(q.body());
                    idsPerEvent
                            .computeIfAbsent(
                                    ce.get("subject").asText() + "#"
                                            + ce.get("jobversion").asLong(),
                                    k -> new HashSet<>())
                            .add(ce.get("id").asText());
                }
                idsPerEvent.forEach(
                        (event, ids) -> assertEquals(1, ids.size(), "copies of " + event + " share one id: " + ids));
                assertTrue(failedAttempts >= 10, "deliveries were pending when the service was killed");
            } finally {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
        }
    }

    /** Per job, the versions the receiver got with a 200. */
    static Map<String, Set<Long>> delivered(List<Receiver.Request> got) {
        Map<String, Set<Long>> out = new HashMap<>();
        for (Receiver.Request q : got) {
            if (q.answer() != 200) {
                continue;
            }
            try {
                JsonNode ce = JSON.readTree(q.body());
                out.computeIfAbsent(ce.get("subject").asText(), k -> new HashSet<>())
                        .add(ce.get("jobversion").asLong());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Per job, the versions of its accepted decisions, from the history. */
    static Map<String, Set<Long>> decisions(String base) throws Exception {
        Map<String, Set<Long>> out = new HashMap<>();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; ; i++) {
                String job = TestServer.jobPath("crash", "job-" + c + "-" + i);
                HttpResponse<String> h =
                        send(base, "GET", "/ops/history?jobId=" + URLEncoder.encode(job, StandardCharsets.UTF_8), null);
                JsonNode entries = JSON.readTree(h.body());
                if (h.statusCode() != 200 || entries.isEmpty()) {
                    break;
                }
                for (JsonNode e : entries) {
                    if (e.get("accepted").asBoolean()) {
                        out.computeIfAbsent(job, k -> new HashSet<>())
                                .add(e.get("sequence").asLong());
                    }
                }
            }
        }
        return out;
    }

    static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + KEY)
                .timeout(java.time.Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Process start(Path data, Path deliveries, Path log) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        cp,
                        "waybill.cli.Main",
                        "serve",
                        "--data",
                        data.toString(),
                        "--port",
                        "0",
                        "--clock",
                        "manual",
                        "--start",
                        TestServer.START.toString(),
                        "--rules",
                        "rules",
                        "--locations",
                        Path.of("config", "locations.yaml").toString(),
                        "--deliveries",
                        deliveries.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("WAYBILL_KEYS", KEY + "=admin");
        pb.environment().remove("MONGODB_URI");
        return pb.start();
    }

    static String base(Path log, Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150); // a loaded machine compiles the rules slowly
        while (System.nanoTime() < until) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return "http://127.0.0.1:" + m.group(1);
            }
            if (!p.isAlive()) {
                throw new AssertionError("serve exited with " + p.exitValue() + ":\n" + text);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("serve did not start in 150 s:\n" + Files.readString(log));
    }
}

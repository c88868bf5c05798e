package waybill.store.mongo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The whole service on a shared MongoDB, counted at the wire from outside, as a new user tries it: the
 * stand-in ({@code waybill mongo-server}'s server) and a {@link WireRelay} in this JVM, and
 * {@code java -jar JAR serve --mongo-uri} (system clock: the sweep, the rules follower and the deliveries
 * run) as a process of its own talking to the stand-in through the relay. {@code jobs} jobs are brought
 * to Transferring, then {@code facts} DriveProgress facts (each a new factId) are sent one after another
 * over HTTP. Prints facts/s, p50 and p99 per fact, the commands per fact at the wire (background work
 * included: the window of the facts plus {@code settleSeconds} after the last, less the idle rate over
 * those seconds, so the snapshots written behind are in it), and the idle commands a second over
 * {@code idleSeconds}. Any build's jar can be measured (before and after a change) with the same relay.
 *
 * <pre>WirePathBench JAR [facts=200] [jobs=8] [idleSeconds=10] [settleSeconds=11]</pre>
 *
 * <p>{@code -DserviceArgs="--throttle off"} adds options to {@code serve}.
 */
public final class WirePathBench {
    private static final String KEY = "wire-benchmark-admin-key-000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WirePathBench() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int facts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int settleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 11;
        Path dir = Files.createTempDirectory("waybill-wire-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        try (EmbeddedMongo stand =
                        EmbeddedMongo.standalone(dir.resolve("stand-in"), new InetSocketAddress("127.0.0.1", 0));
                WireRelay relay = WireRelay.to(stand.connectionString())) {
            ProcessBuilder pb = new ProcessBuilder(
                            "java",
                            "-jar",
                            jar.toString(),
                            "serve",
                            "--port",
                            "" + port,
                            "--data",
                            dir.resolve("data").toString(),
                            "--mongo-uri",
                            relay.connectionString() + "/waybill")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("service.log").toFile());
            // more options for serve (bench/store.sh: --throttle off; empty for a build that has no such option)
            String more = System.getProperty("serviceArgs", "").trim();
            if (!more.isEmpty()) {
                pb.command().addAll(List.of(more.split("\\s+")));
            }
            pb.environment().put("WAYBILL_KEYS", KEY + "=admin");
            Process service = pb.start();
            try {
                long started = System.nanoTime();
                while (status(http, base + "/health", null) != 200) {
                    if (!service.isAlive()
                            || System.nanoTime() - started
                                    > Duration.ofMinutes(3).toNanos()) {
                        throw new IllegalStateException(
                                "the service did not start: " + Files.readString(dir.resolve("service.log")));
                    }
                    Thread.sleep(100);
                }
                List<String> ids = IntStream.range(0, jobs)
                        .mapToObj(i -> "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/wire"
                                + "/providers/Microsoft.ImportExport/jobs/wire" + i)
                        .toList();
                post(http, base, JSON.writeValueAsString(Transferring.facts(ids)));
                Thread.sleep(settleSeconds * 1000L); // the seeding's snapshots written behind
                Map<String, Long> before = relay.counts();
                long[] latency = new long[facts];
                long t0 = System.nanoTime();
                for (int i = 0; i < facts; i++) {
                    String body = "{\"type\":\"DriveProgress\",\"factId\":\"wire-" + i + "\",\"jobId\":\""
                            + ids.get(i % jobs) + "\",\"driveId\":\"" + Transferring.DRIVE + "\",\"percentComplete\":"
                            + (i % 100) + ",\"bytesSucceeded\":" + (i % 100) * 1_000_000_000L + "}";
                    long s = System.nanoTime();
                    post(http, base, body);
                    latency[i] = System.nanoTime() - s;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> during = relay.since(before);
                Thread.sleep(settleSeconds * 1000L);
                Map<String, Long> settled = relay.since(before);
                Map<String, Long> idleFrom = relay.counts();
                long i0 = System.nanoTime();
                Thread.sleep(idleSeconds * 1000L);
                Map<String, Long> idle = relay.since(idleFrom);
                double idleRate = WireRelay.service(idle) / ((System.nanoTime() - i0) / 1e9);
                Arrays.sort(latency);
                double withBehind = (WireRelay.service(settled) - idleRate * settleSeconds) / facts;
                System.out.printf("service: %s%n", jar);
                System.out.printf(
                        "facts/s %.1f; p50 %.1f ms; p99 %.1f ms (%d facts over %d jobs, one after another)%n",
                        facts / seconds,
                        latency[facts / 2] / 1e6,
                        latency[Math.min(facts - 1, (int) (facts * 0.99))] / 1e6,
                        facts,
                        jobs);
                System.out.printf(
                        "commands per fact at the wire: %.2f until the last answer %s; %.2f with the writes behind%n",
                        WireRelay.service(during) / (double) facts, during, withBehind);
                System.out.printf("idle: %.2f commands/s over %d s %s%n", idleRate, idleSeconds, idle);
            } finally {
                service.destroy();
                service.waitFor();
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static int status(HttpClient http, String url, String key) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (key != null) {
                b.header("Authorization", "Bearer " + key);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void post(HttpClient http, String base, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ops/facts"))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"accepted\":false")) {
            throw new IllegalStateException("a fact was not accepted: " + r.statusCode() + " " + r.body());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}

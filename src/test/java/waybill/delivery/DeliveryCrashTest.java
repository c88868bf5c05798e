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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.json.Mappers;
import waybill.trust.CrashTest.Service;

/**
 * The real service as its own process on the embedded store, with a webhook that answers 500: jobs are
 * created by several clients, and the service is killed with SIGKILL mid-run, with deliveries pending and
 * decisions committed that its delivery thread had not derived yet. Restarted on the same data with the
 * receiver well again, every decision the history holds reaches the receiver (at least once; copies carry
 * the same event id).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class DeliveryCrashTest {
    static final String KEY = waybill.trust.CrashTest.KEY; // the key the service is started with
    static final ObjectMapper JSON = Mappers.json();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyCommittedDecisionIsDeliveredAfterSigkill(@TempDir Path tmp) throws Exception {
        try (Receiver r = new Receiver().otherwise(500)) {
            Path config = tmp.resolve("deliveries.yaml");
            Files.writeString(config, """
                    egress: {allowPrivateNetworks: true}
                    webhooks:
                      - id: crash
                        url: %s
                        secret: %s
                        filter: {decisions: true}
                    retry: {initial: PT1S, max: PT2S, for: PT1H, timeout: PT1S}
                    """.formatted(r.url(), DeliveryWebhookTest.SECRET));
            Path data = tmp.resolve("data");
            // a loaded machine compiles the rules slowly (seen: 2 min): 240 s to start
            Service first = Service.start(data, tmp.resolve("first.log"), 240, "--deliveries", config.toString());
            String base = first.base();
            String body = JSON.writeValueAsString(TestServer.example("CreateJob.json", "parameters", "body"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger created = new AtomicInteger();
            // each client's last job tried: a job whose PUT was not answered 201 leaves a gap in its numbers
            java.util.concurrent.atomic.AtomicIntegerArray tried =
                    new java.util.concurrent.atomic.AtomicIntegerArray(4);
            java.util.Queue<String> refused = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            tried.set(client, i);
                            String path = TestServer.jobPath("crash", "job-" + client + "-" + i) + "?" + TestServer.V;
                            HttpResponse<String> put = send(base, "PUT", path, body);
                            if (put.statusCode() == 201) {
                                created.incrementAndGet();
                            } else {
                                refused.add("job-" + client + "-" + i + ": " + put.statusCode() + " " + put.body());
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
            first.kill();
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
            int failedAttempts = r.requests().size();

            r.otherwise(200);
            Service second = Service.start(data, tmp.resolve("second.log"), 240, "--deliveries", config.toString());
            try {
                String again = second.base();
                // the retries wait on the service clock (manual here): move it past every backoff
                assertEquals(
                        200,
                        send(again, "POST", "/ops/clock", "{\"advance\":\"PT1M\"}")
                                .statusCode());
                Map<String, Set<Long>> expected = decisions(again, tried);
                int total = expected.values().stream().mapToInt(Set::size).sum();
                assertTrue(
                        total >= created.get(),
                        total + " decisions in the history, " + created.get() + " acknowledged");
                // an attempt after the restart may still fail (its 1 s timeout on a loaded machine): its retry waits
                // on the manual clock, so the clock moves on by 10 s (past the 2 s backoff) at each look that
                // finds a decision still undelivered
                List<Receiver.Request> got;
                try {
                    got = org.awaitility.Awaitility.await("every decision delivered")
                            .atMost(java.time.Duration.ofSeconds(120))
                            .pollInterval(java.time.Duration.ofSeconds(1))
                            .until(
                                    () -> {
                                        List<Receiver.Request> now = r.requests();
                                        if (delivered(now).equals(expected)) {
                                            return now;
                                        }
                                        send(again, "POST", "/ops/clock", "{\"advance\":\"PT10S\"}");
                                        return null;
                                    },
                                    java.util.Objects::nonNull);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // say what is missing, and what the service said of it
                    Map<String, Set<Long>> now = delivered(r.requests());
                    String log = Files.readString(tmp.resolve("second.log"));
                    throw new AssertionError(
                            "not delivered: " + missing(expected, now) + "; delivered, not in any history: "
                                    + missing(now, expected) + "; PUTs not answered 201 before the kill: " + refused
                                    + "\nthe restarted service's log (end):\n"
                                    + log.substring(Math.max(0, log.length() - 6000)),
                            e);
                }
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
                second.stop();
            }
        }
    }

    /** What {@code a} has that {@code b} has not, as job#version. */
    static List<String> missing(Map<String, Set<Long>> a, Map<String, Set<Long>> b) {
        List<String> out = new ArrayList<>();
        a.forEach((job, versions) -> versions.stream()
                .filter(v -> !b.getOrDefault(job, Set.of()).contains(v))
                .forEach(v -> out.add(job.substring(job.lastIndexOf('/') + 1) + "#" + v)));
        return out;
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

    /** The accepted decisions in every history, per job: every job each client tried, gaps included. */
    static Map<String, Set<Long>> decisions(String base, java.util.concurrent.atomic.AtomicIntegerArray tried)
            throws Exception {
        Map<String, Set<Long>> out = new HashMap<>();
        for (int c = 0; c < tried.length(); c++) {
            for (int i = 0; i <= tried.get(c); i++) {
                String job = TestServer.jobPath("crash", "job-" + c + "-" + i);
                HttpResponse<String> h =
                        send(base, "GET", "/ops/history?jobId=" + URLEncoder.encode(job, StandardCharsets.UTF_8), null);
                assertEquals(200, h.statusCode(), () -> "history of " + job + ": " + h.body());
                JsonNode entries = JSON.readTree(h.body());
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
                // a hang guard, not a bound: a fresh-clone CI run beside two others saw the first clock move
                // after the restart take longer than 20 s
                .timeout(java.time.Duration.ofSeconds(120));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

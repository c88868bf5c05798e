package waybill.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared database killed while one instance reads every job at start-up (its warm-up pass, run behind
 * serving), then started again on the same port and data: meanwhile every route family answers 503 with
 * Retry-After on every instance (and /health says the store is away), each within the client's 5 s
 * timeout; once it is back, writes resume on every instance without a restart, and the warming instance
 * finishes its pass.
 */
class StoreAwayDuringWarmUpIT {
    static final String SUB = "c2c2c2c2-0000-0000-0000-000000000002";
    static final String V = "?api-version=2021-01-01";
    /** No answer may take longer: a request waiting for a driver timeout would fail here. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    static String job(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    @Test
    void theDatabaseKilledDuringAWarmUpIsAnswered503EverywhereAndWritesResumeOnEveryInstanceOnceItIsBack()
            throws Exception {
        JsonNode createBody = Node.JSON
                .readTree(Files.readString(Path.of("src/test/resources/azure-examples/CreateJob.json")))
                .at("/parameters/body");
        try (Cluster cluster = Cluster.start(dir, 3)) {
            Node.Reply made = cluster.node(0).put(job("seed") + V, createBody);
            assertEquals(201, made.status(), made.text());

            // the restarted instance's start-up pass is held (a test hook: it waits while the file exists), so
            // the database dies while the pass is under way, whatever the machine's speed
            Path hold = Files.writeString(dir.resolve("hold-warm-up"), "");
            Node warming = cluster.restart(2, "--hold-warm-up-while", hold.toString());
            Node.Reply before = warming.get("/health");
            assertEquals(200, before.status(), before.text());
            assertTrue(before.json().at("/store/warming").asBoolean(), before.text());
            cluster.killStore();
            Files.delete(hold);
            await("the warm-up pass stopped for want of the database")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> warming.logged("warming the store paused"));
            assertTrue(warming.get("/health").json().at("/store/warming").asBoolean(), "still warming");

            for (Node n : cluster.nodes()) {
                everyRouteAnswersUnavailable(n, createBody);
            }

            cluster.startStore();
            for (Node n : cluster.nodes()) {
                String name = "after-" + n.name;
                await(n + " accepts writes again without a restart")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> n.put(job(name) + V, createBody).status() == 201);
                // the other instance answers 503 until its own next look finds the store back: waited for
                Node other = cluster.node((cluster.nodes().indexOf(n) + 1) % 3);
                await("written on " + n + ", read on " + other)
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> other.get(job(name) + V).status() == 200);
            }
            await("the restarted instance finishes its warm-up pass")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Node.Reply h = warming.get("/health");
                        return h.status() == 200
                                && !h.json().at("/store/warming").asBoolean();
                    });
            Node.Reply seed = warming.get(job("seed") + V);
            assertEquals(200, seed.status(), "the job made before the outage: " + seed.text());
        }
    }

    /** Each route family on {@code n}: 503 ServiceUnavailable with Retry-After, within the client's timeout. */
    private static void everyRouteAnswersUnavailable(Node n, JsonNode createBody) {
        Map<String, Object> fact = Map.of(
                "type",
                "UpdateJob",
                "jobId",
                job("seed"),
                "factId",
                "away-" + n.name,
                "request",
                Map.of("tags", Map.of("k", "v")));
        List<Object[]> routes = List.of(
                new Object[] {"GET", job("seed") + V, null},
                new Object[] {"PUT", job("away-" + n.name) + V, createBody},
                new Object[] {"POST", "/ops/facts", fact},
                new Object[] {"GET", "/ops/jobs", null},
                new Object[] {"GET", "/ops/deliveries", null},
                new Object[] {"GET", "/ops/webhooks", null},
                new Object[] {"GET", "/ops/incidents", null});
        List<String> wrong = new ArrayList<>();
        for (Object[] route : routes) {
            Node.Reply r = n.send((String) route[0], (String) route[1], route[2], CLIENT_TIMEOUT);
            if (r.status() != 503
                    || r.retryAfter() == null
                    || !"ServiceUnavailable".equals(r.json().at("/error/code").asText())) {
                wrong.add(route[0] + " " + route[1] + " -> " + r.status() + " Retry-After " + r.retryAfter() + ": "
                        + r.text());
            }
        }
        assertTrue(wrong.isEmpty(), n + " with the database away:\n" + String.join("\n", wrong));
        Node.Reply health = n.send("GET", "/health", null, CLIENT_TIMEOUT);
        assertEquals(503, health.status(), n + ": " + health.text());
        assertEquals("DOWN", health.json().get("status").asText());
        assertFalse(health.json().at("/store/up").asBoolean(), health.text());
    }
}

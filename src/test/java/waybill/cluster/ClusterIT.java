package waybill.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Waybill processes on one MongoDB-wire server in its own process (docs/deploy.md): what a
 * cluster must keep, checked through HTTP from outside, with real kill -9. The tests share one cluster
 * and run in order; the last two kill an instance and then the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final String SUB = "c1c1c1c1-0000-0000-0000-000000000001";
    static final String V = "?api-version=2021-01-01";

    @TempDir
    static Path dir;

    /** Bounds generous enough for a loaded machine: the tests wait for conditions, not for times. */
    static final Duration FOLLOW_WITHIN = Duration.ofSeconds(60);

    static final Duration LOAD_WITHIN = Duration.ofSeconds(60);
    /** The HTTP client gives up after this: a request that would wait for a driver timeout fails. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    static Cluster cluster;
    static JsonNode createBody;

    @BeforeAll
    static void start() throws Exception {
        createBody = Node.JSON
                .readTree(Files.readString(Path.of("src/test/resources/azure-examples/CreateJob.json")))
                .at("/parameters/body");
        cluster = Cluster.start(dir, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String job(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    static Node at(int i) {
        List<Node> alive = cluster.alive();
        return alive.get(Math.floorMod(i, alive.size()));
    }

    static Map<String, Object> update(String name, String factId, Map<String, String> tags) {
        return Map.of("type", "UpdateJob", "jobId", job(name), "factId", factId, "request", Map.of("tags", tags));
    }

    static List<JsonNode> history(Node n, String name) {
        Node.Reply h = n.get("/ops/history?jobId=" + job(name));
        assertEquals(200, h.status(), h.text());
        List<JsonNode> out = new ArrayList<>();
        h.json().forEach(out::add);
        return out;
    }

    @Test
    @Order(1)
    void aJobMadeOnOneInstanceIsReadOnTheOthersAndEachNamesItself() {
        Node.Reply made = cluster.node(0).put(job("cross") + V, createBody);
        assertEquals(201, made.status(), made.text());
        for (Node n : cluster.nodes()) {
            Node.Reply r = n.get(job("cross") + V);
            assertEquals(200, r.status(), n + ": " + r.text());
            assertEquals(made.json().at("/properties/state"), r.json().at("/properties/state"));
            assertEquals(n.name, n.get("/health").json().get("node").asText());
        }
        assertEquals(
                "n1", history(cluster.node(2), "cross").get(0).get("decidedBy").asText());
    }

    @Test
    @Order(2)
    void sixteenWritersOverTheInstancesOnOneJobLoseNoUpdate() throws Exception {
        assertEquals(201, cluster.node(1).put(job("sixteen") + V, createBody).status());
        List<Node.Reply> replies =
                race(16, i -> at(i).post("/ops/facts", update("sixteen", "w-" + i, Map.of("w", "" + i))));
        for (Node.Reply r : replies) {
            assertEquals(200, r.status(), r.text());
            assertTrue(r.json().get("accepted").asBoolean(), r.text());
        }
        List<JsonNode> h = history(cluster.node(2), "sixteen");
        Set<String> factIds = new HashSet<>();
        Set<Long> versions = new HashSet<>();
        Set<String> deciders = new HashSet<>();
        for (JsonNode e : h) {
            factIds.add(e.path("factId").asText()); // the create through the Jobs API has none
            versions.add(e.get("sequence").asLong());
            deciders.add(e.get("decidedBy").asText());
        }
        assertEquals(17, h.size(), "the create and 16 updates, none lost");
        assertEquals(17, versions.size());
        for (int i = 0; i < 16; i++) {
            assertTrue(factIds.contains("w-" + i), "w-" + i + " lost: " + factIds);
        }
        assertEquals(Set.of("n1", "n2", "n3"), deciders, "each instance decided what it received");
    }

    @Test
    @Order(3)
    void oneFactIdSentToEveryInstanceAtOnceIsAppliedOnce() throws Exception {
        assertEquals(201, cluster.node(2).put(job("once") + V, createBody).status());
        List<Node.Reply> replies = race(9, i -> at(i).post("/ops/facts", update("once", "same", Map.of("k", "v"))));
        Set<String> answers = new HashSet<>();
        for (Node.Reply r : replies) {
            assertEquals(200, r.status(), r.text());
            answers.add(r.json().get("decidedBy").asText() + "@"
                    + r.json().get("at").asText());
        }
        assertEquals(1, answers.size(), "every instance answers the one first decision: " + answers);
        List<JsonNode> h = history(cluster.node(0), "once");
        assertEquals(2, h.size(), "the create and the update once");
        assertEquals("same", h.get(1).get("factId").asText());
    }

    @Test
    @Order(4)
    void dueTimersAreDecidedOnceWithTheSweepWorkShared() throws Exception {
        int jobs = 96;
        createDue("due-", jobs);
        Map<String, String> firedBy = awaitFired("due-", jobs, Duration.ofSeconds(120));
        assertTrue(new HashSet<>(firedBy.values()).size() >= 2, "the sweep work is shared: " + firedBy.values());
    }

    @Test
    @Order(5)
    void aReloadOnOneInstanceIsServedByEveryInstanceNamedByTheInstanceThatActivatedIt() throws Exception {
        Node first = cluster.node(0);
        Path limits = first.rules.resolve("limits.drl");
        Files.writeString(limits, Files.readString(limits) + "\n// a saved edit that changes the revision only\n");
        // a reload compiles the rules and replays every fixture before it answers: slow on a loaded machine
        Node.Reply reload = first.send("POST", "/ops/rules/reload", null, Duration.ofSeconds(180));
        assertEquals(200, reload.status(), reload.text());
        String revision = first.get("/ops/rules").json().get("revision").asText();
        // how soon the others follow is a latency, for a benchmark; here: that they do
        for (Node n : cluster.nodes()) {
            await(n + " serves " + revision)
                    .atMost(FOLLOW_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() ->
                            n.get("/ops/rules").json().get("revision").asText().equals(revision));
            Node.Reply r = n.get("/ops/rules");
            assertEquals("n1", r.json().at("/activation/node").asText(), "named by the instance that activated it");
            assertFalse(r.json().hasNonNull("followFailure"), r.text());
        }
        JsonNode history = cluster.node(2).get("/ops/rules/history").json().get("activations");
        assertEquals(revision, history.get(history.size() - 1).get("revision").asText(), "one history for all");
    }

    @Test
    @Order(6)
    void killingOneInstanceUnderLoadLosesNothingAcknowledgedAndItsTimersAreTakenOver() throws Exception {
        Node victim = cluster.node(2);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seq = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int lane = w;
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    String name = "kill-" + seq.incrementAndGet();
                    Node n = cluster.node(lane % 3);
                    if (n.put(job(name) + V, createBody).status() == 201) {
                        acknowledged.add(name);
                    }
                }
            }));
        }
        createDue("orphan-", 64); // due at once: every instance's sweep claims some
        await("the load runs").atMost(LOAD_WITHIN).until(() -> acknowledged.size() > 20);
        victim.kill();
        int atKill = acknowledged.size();
        await("the load goes on after the kill").atMost(LOAD_WITHIN).until(() -> acknowledged.size() > atKill + 20);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        writers.shutdown();
        assertFalse(victim.alive());
        Node reader = cluster.node(0);
        for (String name : acknowledged) {
            assertEquals(200, reader.get(job(name) + V).status(), name + " was acknowledged and is lost");
        }
        // the dead instance's leases expire after 10 s: the others take its timers over
        awaitFired("orphan-", 64, Duration.ofSeconds(120));
    }

    @Test
    @Order(7)
    void theStoreKilledAndRestartedUnderLoadAnswers503WithinTheClientsTimeoutAndRecoversWithoutRestart()
            throws Exception {
        List<Node> nodes = cluster.alive();
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        List<Node.Reply> whileAway = new CopyOnWriteArrayList<>();
        AtomicBoolean away = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seq = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int lane = w;
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    String name = "store-" + seq.incrementAndGet();
                    Node.Reply r =
                            nodes.get(lane % nodes.size()).send("PUT", job(name) + V, createBody, CLIENT_TIMEOUT);
                    if (r.status() == 201) {
                        acknowledged.put(name, 1);
                    }
                    if (away.get()) {
                        whileAway.add(r);
                    }
                    if (r.status() != 201) {
                        pause(50); // as a client honouring Retry-After would, without waiting the whole 2 s
                    }
                }
            }));
        }
        await("the load runs").atMost(LOAD_WITHIN).until(() -> acknowledged.size() >= 8);
        cluster.killStore();
        away.set(true);
        await("writes are refused while the store is away")
                .atMost(LOAD_WITHIN)
                .until(() -> whileAway.stream().filter(r -> r.status() == 503).count() >= 8);
        // the client gives up after 5 s: an answer waiting for a driver timeout fails here
        Node.Reply health = nodes.get(0).send("GET", "/health", null, CLIENT_TIMEOUT);
        assertEquals(503, health.status(), health.text());
        assertEquals("DOWN", health.json().get("status").asText());
        away.set(false);
        cluster.startStore();
        for (Node n : nodes) {
            try {
                await(n + " recovers without a restart")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> n.get("/health").status() == 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
            }
        }
        int before = acknowledged.size();
        await("writes are acknowledged again after the store returned")
                .atMost(LOAD_WITHIN)
                .until(() -> acknowledged.size() > before);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        writers.shutdown();
        for (Node.Reply r : whileAway) {
            assertTrue(r.status() == 201 || r.status() == 503, "while the store was away: " + r.text());
            if (r.status() == 503) {
                assertEquals("2", r.retryAfter());
                assertEquals("ServiceUnavailable", r.json().at("/error/code").asText());
            }
        }
        for (String name : acknowledged.keySet()) {
            assertEquals(200, nodes.get(0).get(job(name) + V).status(), name + " was acknowledged and is lost");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CreateJob facts made 15 days ago: their two-week creating expiry is due at once. */
    private static void createDue(String prefix, int jobs) throws Exception {
        String at = Instant.now().minus(Duration.ofDays(15)).toString();
        List<Node.Reply> made = race(jobs, i -> {
            ObjectNode fact = Node.JSON
                    .createObjectNode()
                    .put("type", "CreateJob")
                    .put("jobId", job(prefix + i))
                    .put("factId", "create-" + prefix + i)
                    .put("at", at);
            fact.set("request", createBody);
            Node.Reply r = at(i).post("/ops/facts", fact);
            for (int retry = 0; retry < 3 && r.status() == 503; retry++) {
                pause(2_000); // Retry-After: a store overloaded by this burst may answer late
                r = at(i).post("/ops/facts", fact);
            }
            return r;
        });
        for (Node.Reply r : made) {
            assertEquals(200, r.status(), r.text() + "\n" + cluster.logs());
        }
    }

    /** Waits until every job's due timer is decided; each exactly once. Answers who fired each. */
    private static Map<String, String> awaitFired(String prefix, int jobs, Duration within) {
        Map<String, String> firedBy = new ConcurrentHashMap<>();
        Node reader = cluster.alive().get(0);
        try {
            await(jobs + " due timers of " + prefix + " fired")
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (int i = 0; i < jobs; i++) {
                            if (firedBy.containsKey(prefix + i)) {
                                continue;
                            }
                            List<JsonNode> timers = history(reader, prefix + i).stream()
                                    .filter(e -> "TimerFired"
                                            .equals(e.get("factType").asText()))
                                    .toList();
                            assertTrue(timers.size() <= 1, prefix + i + " fired " + timers.size() + " times");
                            if (timers.size() == 1) {
                                firedBy.put(
                                        prefix + i,
                                        timers.get(0).get("decidedBy").asText());
                            }
                        }
                        return firedBy.size() == jobs;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    (jobs - firedBy.size()) + " due timers not fired within " + within + "\n" + cluster.logs(), e);
        }
        return firedBy;
    }

    interface Call {
        Node.Reply run(int i) throws Exception;
    }

    /** {@code n} calls released at once, each on its own thread. */
    private static List<Node.Reply> race(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Node.Reply>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                go.await();
                return call.run(k);
            }));
        }
        go.countDown();
        List<Node.Reply> out = new ArrayList<>();
        for (Future<Node.Reply> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }
}

package waybill.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.delivery.Receiver;
import waybill.json.Mappers;

/**
 * The move of docs/deploy.md, "From the embedded store to a replica set", in processes: a service on its
 * embedded store, under a steady load of facts, is backed up ({@code POST /ops/backup}); the archive is
 * restored ({@code waybill restore --mongo-uri}) into {@code waybill mongo-server}, and a service started
 * on it with {@code --mongo-uri}. There every job untouched by the load answers as it did on the original
 * (the job, its history, its pending deadlines), each loaded job's history is the original's up to a
 * point past every fact acknowledged before the backup began, the open actions, the webhook and the rules'
 * activation history are there, the events the original could not deliver go out once each, and moving
 * the clock fires the same timers as it did on the original.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS) // five JVMs one after another on a loaded machine
class MoveToReplicaSetIT {
    static final ObjectMapper JSON = Mappers.json();
    static final String SUB = "b1b1b1b1-0000-0000-0000-000000000024";
    static final String V = "?api-version=2021-01-01";
    static final String START = "2026-03-02T09:00:00Z";
    /** The original's manual clock once seeded (START and 15 days), when the backup is taken. */
    static final String AT_BACKUP = "2026-03-17T09:00:00Z";

    static final int STILL = 12;
    static final int BUSY = 3;
    static final String SECRET = "move-test-secret-0123456789";

    @TempDir
    Path dir;

    static String job(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    @Test
    void aServiceUnderLoadMovedByBackupAndRestoreAnswersAsItDidOnTheStandIn() throws Exception {
        try (Receiver receiver = new Receiver().otherwise(500)) {
            Path config = dir.resolve("deliveries.yaml");
            // retried for longer than the clock moves here: no entry is given up while the receiver refuses
            // the receiver listens on loopback: the egress policy allows it here
            Files.writeString(
                    config,
                    "egress: {allowPrivateNetworks: true}\n"
                            + "retry: {initial: PT1S, max: PT2S, for: P400D, timeout: PT1S, jitter: 0}\n");
            List<String> manual = List.of("--clock", "manual", "--start", START, "--deliveries", config.toString());
            Node original = Cluster.serve(dir, "original", manual);
            Map<String, String> before = new TreeMap<>();
            Map<String, String> afterMove = new TreeMap<>();
            Map<String, List<String>> busyHistories = new HashMap<>();
            Map<String, Integer> ackedBeforeBackup = new HashMap<>();
            Path archive = dir.resolve("backup.jsonl.gz");
            try {
                seed(original, receiver);
                Map<String, Integer> acked = new ConcurrentHashMap<>();
                AtomicBoolean loading = new AtomicBoolean(true);
                Thread load = new Thread(() -> load(original, acked, loading), "load");
                load.start();
                await(() -> total(acked) >= 15, Duration.ofSeconds(120), () -> "load: " + acked);
                ackedBeforeBackup.putAll(acked); // every fact acknowledged before the backup began
                backup(original, archive);
                int atBackup = total(acked);
                await(() -> total(acked) >= atBackup + 10, Duration.ofSeconds(120), () -> "load: " + acked);
                loading.set(false);
                load.join();
                answers(original, before);
                for (int b = 0; b < BUSY; b++) {
                    busyHistories.put(job("busy" + b), facts(original, job("busy" + b)));
                }
                Node.Reply moved = original.post("/ops/clock", Map.of("advance", "P31D"));
                assertEquals(200, moved.status(), moved.text());
                for (int i = 0; i < STILL; i++) {
                    afterMove.put(job("still" + i), String.valueOf(facts(original, job("still" + i))));
                }
            } finally {
                original.stop();
            }

            try (Cluster standIn = Cluster.start(Files.createDirectories(dir.resolve("replica")), 0)) {
                Proc restore = new Proc(
                                "restore",
                                dir.resolve("restore.log"),
                                Map.of(),
                                "restore",
                                archive.toString(),
                                "--mongo-uri",
                                standIn.mongoUri())
                        .start();
                assertEquals(0, restore.await(Duration.ofSeconds(300)), restore.tail());
                String report = Files.readString(dir.resolve("restore.log"));
                assertTrue(report.contains(" " + (STILL + BUSY) + " jobs"), report);
                assertTrue(report.contains("1 webhooks"), report);

                receiver.otherwise(200);
                List<String> onMongo = new ArrayList<>(List.of("--mongo-uri", standIn.mongoUri()));
                // the same files as the original (deliveries), its clock where the backup left it
                onMongo.addAll(List.of("--clock", "manual", "--start", AT_BACKUP, "--deliveries", config.toString()));
                Node moved = Cluster.serve(dir, "moved", onMongo);
                try {
                    Map<String, String> now = new TreeMap<>();
                    answers(moved, now);
                    for (String key : before.keySet()) {
                        if (!key.contains("busy")) {
                            assertEquals(before.get(key), now.get(key), key);
                        }
                    }
                    for (int b = 0; b < BUSY; b++) {
                        String job = job("busy" + b);
                        List<String> restored = facts(moved, job);
                        List<String> all = busyHistories.get(job);
                        assertEquals(all.subList(0, restored.size()), restored, job + ": the original's history, cut");
                        long updates = restored.stream()
                                .filter(f -> f.startsWith("UpdateJob"))
                                .count();
                        assertTrue(
                                updates >= ackedBeforeBackup.getOrDefault(job, 0),
                                job + ": " + updates + " updates restored, " + ackedBeforeBackup.get(job)
                                        + " acknowledged before the backup");
                    }
                    Node.Reply clock = moved.post("/ops/clock", Map.of("advance", "P31D"));
                    assertEquals(200, clock.status(), clock.text());
                    for (int i = 0; i < STILL; i++) {
                        String job = job("still" + i);
                        assertEquals(
                                afterMove.get(job), String.valueOf(facts(moved, job)), job + " after the clock move");
                    }
                    // the events the original could not deliver go out once each (their retries fell due with the clock
                    // move), and those of the timers fired by the move; the manual clock moves on 10 s at each look,
                    // so an attempt that timed out on this loaded machine is retried
                    await(
                            () -> {
                                moved.post("/ops/clock", Map.of("advance", "PT10S"));
                                return delivered(receiver).size() >= expectedEvents(moved);
                            },
                            Duration.ofSeconds(120),
                            () -> "delivered " + delivered(receiver).size() + " of " + expectedEvents(moved));
                    Map<String, Integer> copies = new HashMap<>();
                    for (Receiver.Request q : receiver.requests()) {
                        if (q.answer() == 200) {
                            copies.merge(JSON.readTree(q.body()).get("id").asText(), 1, Integer::sum);
                        }
                    }
                    copies.forEach((id, n) -> assertEquals(1, n, "event " + id + " delivered " + n + " times"));

                } finally {
                    moved.stop();
                }
            }
        }
    }

    /**
     * A webhook for every decision; twelve still jobs in different states, with timers and open actions
     * (two weeks on, the Creating ones expire and the Shipping ones have never received their package),
     * and the busy jobs, shipped.
     */
    private static void seed(Node n, Receiver receiver) throws Exception {
        Node.Reply hook = n.post(
                "/ops/webhooks",
                Map.of("id", "move", "url", receiver.url(), "secret", SECRET, "filter", Map.of("decisions", true)));
        assertEquals(201, hook.status(), hook.text());
        JsonNode body = JSON.readTree(Files.readString(Path.of("src/test/resources/azure-examples/CreateJob.json")))
                .at("/parameters/body");
        for (int i = 0; i < STILL + BUSY; i++) {
            String job = job(i < STILL ? "still" + i : "busy" + (i - STILL));
            Node.Reply made = n.put(job + V, body);
            assertEquals(201, made.status(), made.text());
            if (i >= STILL || i % 3 != 0) { // a third of the still jobs stay Creating: they expire, deleted
                Node.Reply shipped = n.send(
                        "PATCH",
                        job + V,
                        Map.of(
                                "properties",
                                Map.of(
                                        "state",
                                        "Shipping",
                                        "deliveryPackage",
                                        Map.of("carrierName", "FedEx", "trackingNumber", "1Z" + i))));
                assertEquals(200, shipped.status(), shipped.text());
            }
            if (i < STILL && i % 3 == 2) {
                Node.Reply arrived = n.post(
                        "/ops/facts",
                        Map.of(
                                "type",
                                "PackageArrived",
                                "jobId",
                                job,
                                "driveIds",
                                List.of("9CA995BB"),
                                "factId",
                                "p" + i));
                assertEquals(200, arrived.status(), arrived.text());
            }
        }
        Node.Reply clock = n.post("/ops/clock", Map.of("advance", "P15D")); // timers fire: actions open
        assertEquals(200, clock.status(), clock.text());
    }

    /** Tag updates on the busy jobs, one after another, counting each acknowledged one. */
    private static void load(Node n, Map<String, Integer> acked, AtomicBoolean loading) {
        for (int i = 0; loading.get(); i++) {
            String job = job("busy" + (i % BUSY));
            Node.Reply r = n.send("PATCH", job + V, Map.of("tags", Map.of("n", String.valueOf(i))));
            if (r.status() == 200) {
                acked.merge(job, 1, Integer::sum);
            }
        }
    }

    private static void backup(Node n, Path to) throws Exception {
        HttpResponse<Path> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port + "/ops/backup"))
                                .header("Authorization", "Bearer " + Cluster.ADMIN_KEY)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(to));
        assertEquals(200, r.statusCode(), () -> "the backup's answer: " + text(to));
        assertEquals("application/gzip", r.headers().firstValue("Content-Type").orElse(""));
    }

    /** What a client reads: each job, its history, its page (pending deadlines); the open actions, the webhooks, the rules. */
    private static void answers(Node n, Map<String, String> out) throws Exception {
        for (int i = 0; i < STILL + BUSY; i++) {
            String job = job(i < STILL ? "still" + i : "busy" + (i - STILL));
            out.put("job " + job, n.get(job + V).text());
            out.put("history " + job, n.get("/ops/history?jobId=" + job).text());
            JsonNode page = n.get("/ops/job?jobId=" + job).json();
            out.put("deadlines " + job, String.valueOf(page == null ? null : page.get("timeline")));
        }
        List<String> open = new ArrayList<>();
        for (JsonNode a : n.get("/ops/actions?status=open").json()) {
            if (!a.get("jobId").asText().contains("busy")) {
                open.add(a.toString());
            }
        }
        open.sort(null);
        out.put("open actions", open.toString());
        out.put("webhooks", n.get("/ops/webhooks").text());
        JsonNode history = n.get("/ops/rules/history").json();
        out.put("rules active", history.get("active").asText());
        out.put("rules first activation", history.get("activations").get(0).toString());
    }

    /** A job's decisions as fact type, factId and states, oldest first. */
    private static List<String> facts(Node n, String job) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode h = n.get("/ops/history?jobId=" + job).json();
        for (JsonNode e : h.isArray() ? h : h.path("history")) {
            out.add(e.path("factType").asText() + " " + e.path("factId").asText() + " "
                    + e.path("at").asText() + " " + e.path("stateBefore").asText() + "->"
                    + e.path("stateAfter").asText());
        }
        return out;
    }

    /** One decision event per accepted decision of every job, as the moved service holds them. */
    private static int expectedEvents(Node n) {
        int count = 0;
        try {
            for (int i = 0; i < STILL + BUSY; i++) {
                String job = job(i < STILL ? "still" + i : "busy" + (i - STILL));
                count += (int) facts(n, job).stream()
                        .filter(f -> !f.endsWith(" refused"))
                        .count();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return count;
    }

    private static java.util.Set<String> delivered(Receiver r) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Receiver.Request q : r.requests()) {
            if (q.answer() == 200) {
                try {
                    JsonNode ce = JSON.readTree(q.body());
                    if (ce.get("type").asText().equals("waybill.decision")) {
                        ids.add(ce.get("id").asText());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ids;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int total(Map<String, Integer> acked) {
        return acked.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void await(BooleanSupplier done, Duration within, java.util.function.Supplier<String> why) {
        try {
            Awaitility.await()
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(200))
                    .until(done::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + within + ": " + why.get(), e);
        }
    }
}

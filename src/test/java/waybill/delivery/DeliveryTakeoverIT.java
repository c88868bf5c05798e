package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.cluster.Cluster;
import waybill.cluster.Node;
import waybill.json.Mappers;

/**
 * Three {@code serve} processes on one MongoDB-wire server in its own process ({@link Cluster}), each with
 * the same webhook, a real receiver on loopback that refuses (500) at first. Every decision is made through
 * the first instance, so it derives and claims every entry and keeps failing to send them; it is killed
 * with SIGKILL while it holds them all, unsent. With the receiver well again, the two others take the
 * lapsed claims over from the store and every decision of the history arrives, signed, with the event id
 * derived from the decision, in order per job, within a stated bound of the kill.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS) // three JVMs and the store start on a loaded machine first
class DeliveryTakeoverIT {
    static final ObjectMapper JSON = Mappers.json();
    static final String SUB = "d1d1d1d1-0000-0000-0000-000000000014";
    static final String V = "?api-version=2021-01-01";
    static final int JOBS = 4;
    static final int UPDATES = 2;
    static final Duration LEASE = Duration.ofSeconds(12);
    static final Duration RETRY_MAX = Duration.ofSeconds(2);
    /**
     * After the kill: the dead instance's last lease lapses within {@link #LEASE} and a backoff, the others
     * look for lapsed claims every {@link Deliveries#TAKE_OVER_EVERY}; 15 s more for a loaded machine.
     */
    static final Duration BOUND =
            LEASE.plus(RETRY_MAX).plus(DeliveryLoop.TAKE_OVER_EVERY).plusSeconds(15);

    @TempDir
    Path dir;

    static String job(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    @Test
    void theEntriesOfAnInstanceKilledMidDeliveryGoOutFromTheOthers() throws Exception {
        try (Receiver r = new Receiver().otherwise(500)) {
            Path config = dir.resolve("deliveries.yaml");
            Files.writeString(config, """
                    egress: {allowPrivateNetworks: true}
                    webhooks:
                      - id: takeover
                        url: %s
                        secret: %s
                        filter: {decisions: true}
                    retry: {initial: PT1S, max: PT%dS, for: PT1H, timeout: PT1S, jitter: 0}
                    lease: PT%dS
                    workers: 2
                    """.formatted(
                            r.url(), DeliveryWebhookTest.SECRET, RETRY_MAX.toSeconds(), LEASE.toSeconds()));
            try (Cluster cluster = Cluster.start(dir, 3, List.of("--deliveries", config.toString()));
                    MongoClient mongo = MongoClients.create(cluster.mongoUri() + "?serverSelectionTimeoutMS=5000")) {
                MongoCollection<Document> entries = mongo.getDatabase("waybill").getCollection("deliveries");
                run(cluster, r, entries);
            }
        }
    }

    private void run(Cluster cluster, Receiver r, MongoCollection<Document> entries) throws Exception {
        Node maker = cluster.node(0);
        JsonNode createBody = JSON.readTree(
                        Files.readString(Path.of("src/test/resources/azure-examples/CreateJob.json")))
                .at("/parameters/body");
        for (int j = 0; j < JOBS; j++) {
            Node.Reply made = maker.put(job("takeover-" + j) + V, createBody);
            assertEquals(201, made.status(), made.text());
            for (int u = 0; u < UPDATES; u++) {
                Node.Reply up = maker.post(
                        "/ops/facts",
                        Map.of(
                                "type",
                                "UpdateJob",
                                "jobId",
                                job("takeover-" + j),
                                "factId",
                                "u-" + j + "-" + u,
                                "request",
                                Map.of("tags", Map.of("u", "" + u))));
                assertEquals(200, up.status(), up.text());
                assertTrue(up.json().get("accepted").asBoolean(), up.text());
            }
        }
        Map<String, Set<Long>> decided = decisions(cluster.node(1));
        assertEquals(
                JOBS * (1 + UPDATES),
                decided.values().stream().mapToInt(Set::size).sum(),
                decided.toString());
        Set<String> expectedIds = new TreeSet<>();
        decided.forEach((jobId, versions) ->
                versions.forEach(v -> expectedIds.add(Events.eventId(Events.decisionId(jobId, v), Event.DECISION))));

        // the maker has derived every decision into its entries and tried each job's first one, refused
        await(
                () -> decisionEntries(entries).size() == expectedIds.size()
                        && subjects(r.requests()).size() == JOBS,
                Duration.ofSeconds(30),
                () -> "entries " + decisionEntries(entries).size() + ", requests "
                        + r.requests().size() + "\n" + cluster.logs());
        List<Document> held = entries.find().into(new ArrayList<>());
        Set<String> holders = new HashSet<>();
        for (Document d : held) {
            assertEquals("pending", d.getString("status"), d.toJson());
            holders.add(d.getString("owner"));
        }
        assertEquals(1, holders.size(), "one instance (the maker) holds every entry: " + holders);
        String dead = holders.iterator().next();
        assertTrue(r.requests().stream().allMatch(q -> q.answer() == 500), "nothing was delivered before the kill");

        maker.kill();
        Instant killedAt = Instant.now();
        r.otherwise(200);

        List<Receiver.Request> got;
        try {
            got = r.await(q -> delivered(q).equals(expectedIds), BOUND.toSeconds());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; delivered "
                    + delivered(r.requests()).size() + " of " + expectedIds.size() + "\n" + cluster.logs());
        }
        Duration took = Duration.between(killedAt, Instant.now());
        System.out.println("DeliveryTakeoverIT: every decision delivered " + took.toMillis() + " ms after the kill");

        Map<String, Set<String>> idsPerEvent = new HashMap<>();
        Map<String, Long> lastVersion = new HashMap<>();
        for (Receiver.Request q : got) {
            if (q.answer() != 200) {
                continue;
            }
            assertTrue(
                    Signature.verify(
                            DeliveryWebhookTest.SECRET,
                            q.header(Signature.HEADER),
                            q.body(),
                            Instant.now(),
                            Duration.ofMinutes(5)),
                    q.header(Signature.HEADER));
            JsonNode ce = JSON.readTree(q.body());
            String subject = ce.get("subject").asText();
            long version = ce.get("jobversion").asLong();
            idsPerEvent
                    .computeIfAbsent(
                            subject + "#" + version + " " + ce.get("type").asText(), k -> new HashSet<>())
                    .add(ce.get("id").asText());
            Long before = lastVersion.put(subject, version);
            assertTrue(before == null || before <= version, subject + ": " + version + " after " + before);
        }
        idsPerEvent.forEach((event, ids) -> assertEquals(1, ids.size(), "copies of " + event + " share one id"));

        // the store says who sent them: every entry, and none by the dead instance
        await(
                () -> entries.countDocuments(new Document("status", "sent")) == entries.countDocuments(),
                Duration.ofSeconds(10),
                () -> "not every entry is recorded sent: "
                        + entries.find(new Document("status", new Document("$ne", "sent")))
                                .into(new ArrayList<>()));
        Set<String> senders = new HashSet<>();
        for (Document d : entries.find()) {
            senders.add(d.getString("owner"));
        }
        assertFalse(senders.contains(dead), "the dead instance recorded nothing after its kill: " + senders);
        assertEquals(held.size(), entries.countDocuments(), "no entry was added or lost by the takeover");
    }

    /** The store's decision entries (an action has its own entry too). */
    static List<Document> decisionEntries(MongoCollection<Document> entries) {
        return entries.find(new Document("index", Event.DECISION)).into(new ArrayList<>());
    }

    static Set<String> subjects(List<Receiver.Request> got) {
        Set<String> out = new HashSet<>();
        for (Receiver.Request q : got) {
            out.add(parse(q.body()).get("subject").asText());
        }
        return out;
    }

    /** The ids of the decision events the receiver accepted (answered 200). */
    static Set<String> delivered(List<Receiver.Request> got) {
        Set<String> out = new TreeSet<>();
        for (Receiver.Request q : got) {
            JsonNode ce = parse(q.body());
            if (q.answer() == 200 && Events.DECISION_TYPE.equals(ce.get("type").asText())) {
                out.add(ce.get("id").asText());
            }
        }
        return out;
    }

    /** Per job, the versions of its accepted decisions, as the history (on another instance) has them. */
    static Map<String, Set<Long>> decisions(Node n) {
        Map<String, Set<Long>> out = new HashMap<>();
        for (int j = 0; j < JOBS; j++) {
            String jobId = job("takeover-" + j);
            Node.Reply h = n.get("/ops/history?jobId=" + jobId);
            assertEquals(200, h.status(), h.text());
            for (JsonNode e : h.json()) {
                if (e.get("accepted").asBoolean()) {
                    out.computeIfAbsent(jobId, k -> new TreeSet<>())
                            .add(e.get("sequence").asLong());
                }
            }
        }
        return out;
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    interface Message {
        String text() throws Exception;
    }

    /** Real processes: poll until {@code check} holds, or fail when the deadline passes. */
    static void await(Check check, Duration within, Message message) throws Exception {
        try {
            Awaitility.await()
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(50))
                    .until(check::holds);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + within + ": " + message.text(), e);
        }
    }
}

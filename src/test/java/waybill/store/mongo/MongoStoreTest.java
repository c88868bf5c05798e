package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.job.DeadlineName;
import waybill.store.HistoryEntry;
import waybill.store.StoreContract;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * What only the embedded store's file shows, beyond the contract every store keeps ({@code StoreContract}):
 * timers, versions and idempotency survive a restart, and an erased job's personal data is in no
 * document of any collection.
 */
class MongoStoreTest {
    static final String JOB = jobId("s1", "j1");

    @TempDir
    Path dir;

    private Processor processor(MongoStore store, ManualClock clock) throws Exception {
        var rules = rules();
        return new Processor(() -> rules, store, clock);
    }

    @Test
    void timersComeDueInTimeOrderAndSurviveARestart() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, clock);
            p.submit(create(jobId("s1", "late"), "late"));
            clock.set(T0.minus(Duration.ofDays(1)));
            p.submit(create(jobId("s1", "early"), "early"));
            assertTrue(store.nextDue(T0).isEmpty());
            Due first = store.nextDue(T0.plus(Duration.ofDays(30))).orElseThrow();
            assertEquals(jobId("s1", "early"), first.jobId());
            assertEquals(DeadlineName.CreatingExpiry, first.name());
        }
        try (MongoStore store = StoreFactory.embedded(dir)) {
            assertEquals(
                    jobId("s1", "early"),
                    store.nextDue(T0.plus(Duration.ofDays(30))).orElseThrow().jobId());
            assertEquals(1, store.find(jobId("s1", "late")).orElseThrow().getVersion());
            assertEquals(1, store.history(jobId("s1", "late")).size());
            Processor p = processor(store, clock);
            assertEquals(
                    1, p.submit(create(jobId("s1", "late"), "late")).job().getVersion(), "idempotent after restart");
            List<Decision> fired = p.fireDue(T0.plus(Duration.ofDays(30)));
            assertEquals(
                    List.of(jobId("s1", "early"), jobId("s1", "late")),
                    fired.stream().map(Decision::jobId).toList());
            assertTrue(store.nextDue(T0.plus(Duration.ofDays(30))).isEmpty());
        }
    }

    /**
     * The next decision on a job starts from a copy of the job its last decision left (kept beside the
     * snapshot, not parsed again): at every step of a life cycle it is the job the stored JSON holds, and
     * what a reader does to its copy changes nothing kept.
     */
    @Test
    void aJobKeptBesideItsSnapshotIsTheJobItsStoredJsonHolds() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, clock);
            List<waybill.fact.Fact> facts = List.of(
                    create(JOB, "c1"),
                    update(JOB, "u1", "{\"properties\": {\"state\": \"Shipping\"}}"),
                    fact(JOB, "p1", "{\"type\": \"PackageArrived\", \"driveIds\": [\"9CA995BB\"]}"),
                    fact(JOB, "t1", "{\"type\": \"DriveTransferStarted\", \"driveId\": \"9CA995BB\"}"),
                    fact(
                            JOB,
                            "d1",
                            "{\"type\": \"DriveProgress\", \"driveId\": \"9CA995BB\", \"percentComplete\": 40}"),
                    fact(
                            JOB,
                            "t2",
                            "{\"type\": \"DriveTransferFinished\", \"driveId\": \"9CA995BB\", "
                                    + "\"errorCount\": 0, \"warningCount\": 0}"),
                    fact(
                            JOB,
                            "b1",
                            "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"FedEx\", "
                                    + "\"trackingNumber\": \"123\"}"));
            for (waybill.fact.Fact f : facts) {
                Decision d = p.submit(f);
                assertTrue(d.accepted(), () -> f + ": " + d.rejections());
                waybill.job.Job kept = store.find(JOB).orElseThrow();
                java.util.Map<String, String> stored = new java.util.HashMap<>();
                store.opsReads().forEachJob(j -> stored.put(j.getId(), Codec.write(j))); // the file's JSON, parsed
                assertEquals(stored.get(JOB), Codec.write(kept), f::toString);
                kept.setState(waybill.job.JobState.Faulted);
                kept.getDrives().clear();
                assertEquals(stored.get(JOB), Codec.write(store.find(JOB).orElseThrow()), "a reader's copy");
            }
            assertEquals(
                    waybill.job.JobState.Completed,
                    store.find(JOB).orElseThrow().getState());
        }
    }

    @Test
    void anAutomaticallyDeletedJobLeavesNoPersonalDataAnywhere() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, clock);
            StoreContract.lifecycleToCompleted(p, clock);
            assertTrue(contains(dir, KEY), "the test would prove nothing if the data were never stored");
            p.fireDue(clock.instant().plus(Duration.ofDays(91)));
            assertTrue(store.find(JOB).isEmpty());
            assertTrue(store.list("s1", null, null, null, 10).isEmpty());
            List<HistoryEntry> h = store.history(JOB);
            assertTrue(h.get(h.size() - 1).deleted());
            assertTrue(store.decided(JOB, "c1").isPresent(), "idempotency survives the erasure");
        }
        for (String secret : List.of(KEY, EMAIL, PHONE, TRACKING_IN, TRACKING_BACK, ACCOUNT, "Street1")) {
            assertFalse(contains(dir, secret), "found " + secret);
        }
    }

    /** Every document of every collection, as JSON, searched for a string (the store closed or open). */
    static boolean contains(Path dir, String secret) {
        return dump(dir).contains(secret);
    }

    static String dump(Path dir) {
        StringBuilder all = new StringBuilder();
        // a second server on the same file is not possible while the store is open: read through a copy,
        // inside the test's folder, so that it goes with it
        Path copy = dir.resolve("copy-" + System.nanoTime());
        try {
            java.nio.file.Files.createDirectories(copy);
            java.nio.file.Files.copy(dir.resolve(EmbeddedMongo.FILE), copy.resolve(EmbeddedMongo.FILE));
            try (EmbeddedMongo server = new EmbeddedMongo(copy);
                    MongoClient c = MongoClients.create(server.connectionString())) {
                MongoDatabase db = c.getDatabase(StoreFactory.DEFAULT_DATABASE);
                for (String name : db.listCollectionNames()) {
                    for (Document d : db.getCollection(name).find()) {
                        all.append(d.toJson()).append('\n');
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all.toString();
    }
}

package waybill.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.process.ActionRecord;
import waybill.process.HistoryEntry;
import waybill.decision.Processor;
import waybill.process.StaleJobException;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/** The store's contract, against the embedded server through the real driver. */
class MongoStoreTest {
    static final String JOB = jobId("s1", "j1");

    @TempDir Path dir;

    private Processor processor(MongoStore store, ManualClock clock) throws Exception {
        var rules = rules();
        return new Processor(() -> rules, store, clock);
    }

    @Test
    void aCommittedJobIsFoundListedAndVersioned() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Decision d = processor(store, new ManualClock(T0)).submit(create(JOB, "c1"));
            assertTrue(d.accepted(), () -> d.rejections().toString());
            Job job = store.find(JOB).orElseThrow();
            assertEquals(1, job.getVersion());
            assertEquals(JobState.Creating, job.getState());
            assertEquals(EMAIL, job.getReturnAddress().getEmail());
            assertEquals(List.of(JOB), store.list("s1", "rg", null, null, 10).stream().map(Job::getId).toList());
            assertTrue(store.find(jobId("s1", "nope")).isEmpty());
            assertTrue(store.healthy());
        }
    }

    @Test
    void aDecisionOnAnOlderVersionIsStale() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            processor(store, new ManualClock(T0)).submit(create(JOB, "c1"));
            Job v1 = store.find(JOB).orElseThrow();
            Decision a = Engine.decide(rules(), v1, update(JOB, "a", "{\"tags\": {\"k\": \"a\"}}"), T0);
            Decision b = Engine.decide(rules(), v1, update(JOB, "b", "{\"tags\": {\"k\": \"b\"}}"), T0);
            assertTrue(a.accepted() && b.accepted());
            store.commit(a);
            assertThrows(StaleJobException.class, () -> store.commit(b));
            assertEquals(2, store.find(JOB).orElseThrow().getVersion());
            assertTrue(store.decided("b").isEmpty());
        }
    }

    @Test
    void aFactIdIsAppliedOnceAndAnswersTheFirstDecision() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, new ManualClock(T0));
            Decision first = p.submit(create(JOB, "c1"));
            Decision again = p.submit(create(JOB, "c1"));
            assertEquals(first.rulesRevision(), again.rulesRevision());
            assertEquals(first.transitions(), again.transitions());
            assertEquals(1, again.job().getVersion());
            assertEquals(1, store.find(JOB).orElseThrow().getVersion());
            assertEquals(1, store.history(JOB).size());
        }
    }

    @Test
    void sixteenThreadsWithOneFactIdApplyItOnceAndDistinctFactsLoseNoUpdate() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            List<Decision> same = race(16, i -> p.submit(update(JOB, "same", "{\"tags\": {\"k\": \"v\"}}")));
            assertEquals(2, store.find(JOB).orElseThrow().getVersion(), "the same factId applied once");
            for (Decision d : same) {
                assertTrue(d.accepted());
                assertEquals(2, d.job().getVersion(), "every racer answers the first decision");
            }
            race(16, i -> p.submit(update(JOB, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}")));
            assertEquals(18, store.find(JOB).orElseThrow().getVersion(), "16 distinct facts, none lost");
            List<HistoryEntry> h = store.history(JOB);
            assertEquals(18, h.size());
            for (int i = 0; i < h.size(); i++) {
                assertEquals(i + 1, h.get(i).sequence(), "oldest first");
            }
        }
    }

    interface Call { Decision run(int i) throws Exception; }

    static List<Decision> race(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> { go.await(); return call.run(k); }));
            }
            go.countDown();
            List<Decision> out = new ArrayList<>();
            for (Future<Decision> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void actionsAreQueuedAndCompleted() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            Decision f = p.submit(fact(JOB, "f1", "{\"type\": \"Fault\", \"reason\": \"stuck\"}"));
            assertTrue(f.accepted(), () -> f.rejections().toString());
            List<ActionRecord> open = store.actions(ActionRecord.OPEN);
            assertEquals(1, open.size());
            ActionRecord a = open.get(0);
            assertEquals("ContactCustomer", a.type());
            assertEquals(JOB, a.jobId());
            ActionRecord done = store.completeAction(a.id(), T0.plusSeconds(60)).orElseThrow();
            assertEquals(ActionRecord.DONE, done.status());
            assertTrue(store.actions(ActionRecord.OPEN).isEmpty());
            assertEquals(1, store.actions(ActionRecord.DONE).size());
            assertEquals(1, store.actions(null).size());
            assertTrue(store.completeAction("no-such-action", T0).isEmpty());
        }
    }

    @Test
    void jobsAreListedByIdInPages() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, new ManualClock(T0));
            for (String n : List.of("e", "b", "d", "a", "c")) {
                p.submit(create(jobId("s1", n), null));
            }
            p.submit(create(jobId("s2", "z"), null));
            List<String> page1 = store.list("s1", "rg", null, null, 2).stream().map(Job::getName).toList();
            assertEquals(List.of("a", "b"), page1);
            List<String> page2 = store.list("s1", "rg", null, jobId("s1", "b"), 2).stream().map(Job::getName).toList();
            assertEquals(List.of("c", "d"), page2);
            assertEquals(5, store.list("s1", null, "Creating", null, 100).size());
            assertEquals(0, store.list("s1", null, "Shipping", null, 100).size());
        }
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
            assertEquals("creating-expiry", first.name());
        }
        try (MongoStore store = StoreFactory.embedded(dir)) {
            assertEquals(jobId("s1", "early"), store.nextDue(T0.plus(Duration.ofDays(30))).orElseThrow().jobId());
            assertEquals(1, store.find(jobId("s1", "late")).orElseThrow().getVersion());
            assertEquals(1, store.history(jobId("s1", "late")).size());
            Processor p = processor(store, clock);
            assertEquals(1, p.submit(create(jobId("s1", "late"), "late")).job().getVersion(), "idempotent after restart");
            List<Decision> fired = p.fireDue(T0.plus(Duration.ofDays(30)));
            assertEquals(List.of(jobId("s1", "early"), jobId("s1", "late")), fired.stream().map(Decision::jobId).toList());
            assertTrue(store.nextDue(T0.plus(Duration.ofDays(30))).isEmpty());
        }
    }

    @Test
    void anAutomaticallyDeletedJobLeavesNoPersonalDataAnywhere() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = processor(store, clock);
            lifecycleToCompleted(p, clock);
            assertTrue(contains(dir, KEY), "the test would prove nothing if the data were never stored");
            p.fireDue(clock.instant().plus(Duration.ofDays(91)));
            assertTrue(store.find(JOB).isEmpty());
            assertTrue(store.list("s1", null, null, null, 10).isEmpty());
            List<HistoryEntry> h = store.history(JOB);
            assertTrue(h.get(h.size() - 1).deleted());
            assertTrue(store.decided("c1").isPresent(), "idempotency survives the erasure");
        }
        for (String secret : List.of(KEY, EMAIL, PHONE, TRACKING_IN, TRACKING_BACK, ACCOUNT, "Street1")) {
            assertFalse(contains(dir, secret), "found " + secret);
        }
    }

    static void lifecycleToCompleted(Processor p, ManualClock clock) throws Exception {
        assertTrue(p.submit(create(JOB, "c1")).accepted());
        assertTrue(p.submit(update(JOB, "u1", "{\"properties\": {\"state\": \"Shipping\"}}")).accepted());
        clock.advance(Duration.ofDays(3));
        assertTrue(p.submit(fact(JOB, "p1", "{\"type\": \"PackageArrived\", \"driveIds\": [\"9CA995BB\"], "
                + "\"carrierName\": \"FedEx\", \"trackingNumber\": \"" + TRACKING_IN + "\"}")).accepted());
        assertTrue(p.submit(fact(JOB, "t1", "{\"type\": \"DriveTransferStarted\", \"driveId\": \"9CA995BB\"}")).accepted());
        assertTrue(p.submit(fact(JOB, "t2", "{\"type\": \"DriveTransferFinished\", \"driveId\": \"9CA995BB\", "
                + "\"errorCount\": 0, \"warningCount\": 0}")).accepted());
        Decision back = p.submit(fact(JOB, "b1", "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"FedEx\", "
                + "\"trackingNumber\": \"" + TRACKING_BACK + "\"}"));
        assertEquals(JobState.Completed, back.job().getState());
    }

    /** Every document of every collection, as JSON, searched for a string (the store closed or open). */
    static boolean contains(Path dir, String secret) {
        return dump(dir).contains(secret);
    }

    static String dump(Path dir) {
        StringBuilder all = new StringBuilder();
        // a second server on the same file is not possible while the store is open: read through a copy
        Path copy = dir.resolveSibling(dir.getFileName() + "-copy-" + System.nanoTime());
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

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.store.ActionRecord;
import waybill.timers.ManualClock;

/** A crash between the logged decision and its projection heals on start; a failed commit refuses later writes. */
class RecoveryTest {
    static final String JOB = jobId("s1", "j1");

    @TempDir
    Path dir;

    @Test
    void aDecisionLoggedButNotProjectedIsCompletedOnStart() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            var rules = rules();
            Processor p = new Processor(() -> rules, store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            p.submit(fact(JOB, "f1", "{\"type\": \"Fault\", \"reason\": \"stuck\"}"));
            p.submit(create(jobId("s1", "fresh"), "c2"));
        }
        // simulate the crash: snapshots and actions as they were before the last decisions were projected
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient c = MongoClients.create(server.connectionString())) {
            MongoDatabase db = c.getDatabase(StoreFactory.DEFAULT_DATABASE);
            db.getCollection("jobs")
                    .updateOne(
                            new Document("_id", JOB),
                            new Document("$set", new Document("v", 1L).append("state", "Creating")));
            db.getCollection("jobs")
                    .replaceOne(new Document("_id", jobId("s1", "fresh")), Codec.placeholder(jobId("s1", "fresh")));
            db.getCollection("actions").deleteMany(new Document());
            server.commit();
        }
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Job job = store.find(JOB).orElseThrow();
            assertEquals(2, job.getVersion());
            assertEquals("Faulted", job.getState().name());
            assertEquals(1, store.actions(ActionRecord.OPEN).size());
            assertEquals(1, store.find(jobId("s1", "fresh")).orElseThrow().getVersion());
            assertEquals(2, store.list("s1", "rg", null, null, 10).size());
            assertTrue(store.nextDue(T0.plus(Duration.ofDays(15))).isPresent());
        }
    }

    @Test
    void snapshotsWrittenBehindAreRolledForwardFromTheLogOnStart() throws Exception {
        try (MongoStore store = StoreFactory.embedded(dir)) {
            var rules = rules();
            Processor p = new Processor(() -> rules, store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            for (int i = 1; i <= 20; i++) {
                p.submit(update(JOB, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}"));
            }
            // answered at once, whether or not the snapshot has reached the collection yet
            assertEquals(21, store.find(JOB).orElseThrow().getVersion());
            assertEquals(21, store.list("s1", "rg", null, null, 10).get(0).getVersion(), "a list sees it too");
        }
        // simulate a kill before the snapshot writer's passes: the collection holds the job as first created
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient c = MongoClients.create(server.connectionString())) {
            MongoDatabase db = c.getDatabase(StoreFactory.DEFAULT_DATABASE);
            Document first = db.getCollection("decisions")
                    .find(new Document("_id", Codec.decisionId(JOB, 1)))
                    .first();
            Decision created = Codec.read(first.getString("decision"), Decision.class);
            db.getCollection("jobs").replaceOne(new Document("_id", JOB), Codec.snapshot(JOB, 1, created, null));
            server.commit();
        }
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Job job = store.find(JOB).orElseThrow();
            assertEquals(21, job.getVersion());
            assertEquals("20", job.getTags().get("k"));
            assertEquals(
                    "20",
                    store.list("s1", "rg", null, null, 10).get(0).getTags().get("k"));
        }
    }

    @Test
    void aFailedCommitFailsTheWaitersAndRefusesLaterWrites() {
        AtomicInteger calls = new AtomicInteger();
        try (GroupCommitter c = new GroupCommitter(() -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("disk full");
            }
        })) {
            c.awaitDurable();
            assertThrows(waybill.store.StoreUnavailableException.class, c::awaitDurable);
            assertThrows(waybill.store.StoreUnavailableException.class, c::checkWritable);
        }
    }
}

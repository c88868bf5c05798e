package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.store.ActionRecord;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * The store serves before start-up has read every job: a job read or written meanwhile is rolled forward
 * from its log first (never stale), the open actions come from the collection, and due timers wait until
 * start-up is complete. The start-up is held at its beginning here, so all of this happens while warming.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WarmingStoreTest {
    static final String JOB = jobId("s1", "warm");

    @Test
    void aJobReadOrWrittenWhileWarmingIsRolledForwardFirst(@TempDir Path dir) throws Exception {
        var rulebook = rules();
        try (MongoStore store = StoreFactory.embedded(dir)) {
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            for (int i = 1; i <= 5; i++) {
                p.submit(update(JOB, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}"));
            }
        }
        // a kill before the snapshot was written behind: the collection holds the job as created (v1)
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
        CountDownLatch hold = new CountDownLatch(1);
        try (MongoStore store = StoreFactory.embedded(
                dir,
                ReadModel.Kind.SINGLE_WRITER,
                java.util.function.UnaryOperator.identity(),
                java.util.function.UnaryOperator.identity(),
                () -> {
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
            assertTrue(store.warming(), "start-up has not read the jobs yet");
            assertTrue(store.healthy(), "and the store serves");
            assertEquals(6, store.find(JOB).orElseThrow().getVersion(), "read: rolled forward from the log");
            assertEquals("5", store.find(JOB).orElseThrow().getTags().get("k"));
            assertEquals(6, store.list("s1", "rg", null, null, 10).get(0).getVersion(), "listed: rolled forward");
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            Decision d = p.submit(update(JOB, "u6", "{\"tags\": {\"k\": \"6\"}}"));
            assertEquals(7, d.job().getVersion(), "written on the rolled-forward job");
            assertEquals(List.of(), store.actions(ActionRecord.OPEN), "the open actions, read from the collection");

            CompletableFuture<Optional<Due>> due =
                    CompletableFuture.supplyAsync(() -> store.nextDue(T0.plus(Duration.ofDays(15))));
            assertFalse(due.isDone(), "timers wait for the start-up");
            hold.countDown();
            assertEquals(JOB, due.get(20, TimeUnit.SECONDS).orElseThrow().jobId(), "then the creating expiry is due");
            store.awaitWarm();
            assertFalse(store.warming());
            assertEquals("6", store.find(JOB).orElseThrow().getTags().get("k"));
        }
    }
}

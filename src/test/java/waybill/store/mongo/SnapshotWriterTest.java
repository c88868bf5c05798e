package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshots written behind: coalesced per job, only forward, answered while pending, all written on close. */
class SnapshotWriterTest {
    @TempDir
    Path dir;

    private static Document snap(String id, long v) {
        return new Document("_id", id).append("v", v).append("deleted", false).append("registered", true);
    }

    @Test
    void updatesOfOneJobAreCoalescedAndOnlyMoveForward() {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> jobs = client.getDatabase("w").getCollection("jobs");
            jobs.insertOne(snap("a", 0));
            jobs.insertOne(snap("b", 0));
            // one pass right away, then an hour of coalescing: what is left is written by flushAll
            try (SnapshotWriter writer = new SnapshotWriter(jobs, 3_600_000, false)) {
                for (long v = 1; v <= 10; v++) {
                    writer.enqueue("a", snap("a", v));
                }
                writer.enqueue("a", snap("a", 4)); // late and older: ignored
                writer.enqueue("b", snap("b", 1));
                Document waiting = writer.pending("a");
                assertTrue(waiting == null || Codec.version(waiting) == 10, "pending is the newest: " + waiting);
                writer.flushAll();
                assertNull(writer.pending("a"));
                assertNull(writer.pending("b"));
                assertEquals(
                        10, Codec.version(jobs.find(new Document("_id", "a")).first()));
                assertEquals(
                        1, Codec.version(jobs.find(new Document("_id", "b")).first()));
                long written = writer.written();
                assertTrue(written <= 4, "eleven versions of a and one of b cost at most two passes: " + written);
                writer.enqueue("b", snap("b", 2));
            }
            // close wrote what was still pending
            assertEquals(2, Codec.version(jobs.find(new Document("_id", "b")).first()));
        }
    }

    /**
     * The conditional advance of a snapshot ({@code replace}), with one writer (no {@code (_id, v)} index:
     * the version read under the writer's lock) and shared (an {@code {_id, v}} filter): the pending snapshot is written first, an advance
     * from another version changes nothing, and of sixteen threads advancing the same version at once
     * exactly one wins.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void replaceAdvancesOnlyFromTheVersionHeld(boolean shared) throws Exception {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> jobs = client.getDatabase("w").getCollection("jobs");
            if (shared) {
                jobs.createIndex(
                        new Document("_id", 1).append("v", 1),
                        new com.mongodb.client.model.IndexOptions().unique(true));
            }
            jobs.insertOne(snap("a", 0));
            try (SnapshotWriter writer = new SnapshotWriter(jobs, 3_600_000, shared)) {
                writer.enqueue("a", snap("a", 1)); // pending, not yet written
                assertFalse(
                        writer.replace("a", 0, snap("a", 1).append("by", "late")), "the pending v1 is written first");
                assertEquals(
                        1, Codec.version(jobs.find(new Document("_id", "a")).first()));
                assertNull(jobs.find(new Document("_id", "a")).first().get("by"));
                assertFalse(writer.replace("b", 0, snap("b", 1)), "no snapshot: nothing replaced");
                assertNull(jobs.find(new Document("_id", "b")).first());

                int threads = 16;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String by = "t" + t;
                    tries.add(pool.submit(() -> {
                        start.await();
                        return writer.replace("a", 1, snap("a", 2).append("by", by));
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (tries.get(t).get(60, TimeUnit.SECONDS)) {
                        winners.add("t" + t);
                    }
                }
                pool.shutdown();
                assertEquals(1, winners.size(), "exactly one advance from v1: " + winners);
                Document now = jobs.find(new Document("_id", "a")).first();
                assertEquals(2, Codec.version(now));
                assertEquals(winners.get(0), now.getString("by"));
            }
        }
    }
}

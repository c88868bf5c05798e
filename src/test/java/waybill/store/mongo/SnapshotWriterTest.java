package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}

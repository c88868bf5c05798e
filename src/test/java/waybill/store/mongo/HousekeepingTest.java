package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping gives the file back once the writes stop: after a second without write commands it goes on
 * step after step, each moving up to 16 MB of chunks towards the file's start, and the file is cut after
 * them. While commands write, a round moves 4 MB of chunks at most, and MVStore moves only whole chunks
 * within that: a burst's chunk larger than that (a bulk load, a rewrite under load) kept the file at its
 * largest for good.
 */
class HousekeepingTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void theFileShrinksBackBehindAChunkLargerThanARoundsMove() throws Exception {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> gone = client.getDatabase("w").getCollection("gone");
            MongoCollection<Document> kept = client.getDatabase("w").getCollection("kept");
            insert(gone, 8 * MB);
            server.commit();
            insert(kept, 12 * MB); // one commit: one chunk of about 12 MB, at the file's end
            server.commit();
            gone.drop();
            server.commit();
            // later writes, as a running service makes: the versions that could still read the dropped pages pass
            for (int i = 0; i < 3; i++) {
                kept.insertOne(new Document("_id", "later-" + i));
                server.commit();
            }
            long full = Files.size(server.file());
            assertTrue(full > 20 * MB, "both bursts are in the file: " + full);

            for (int round = 0; round < 40 && Files.size(server.file()) > 16 * MB; round++) {
                server.housekeep();
            }

            long after = Files.size(server.file());
            assertTrue(
                    after <= 16 * MB,
                    "40 rounds of housekeeping left the file at " + after / MB + " MB (it was " + full / MB
                            + " MB; about 12 MB is live)");
            assertEquals(12 * MB / 4_000 + 3, kept.countDocuments(), "every live document is still there");
        }
    }

    private static void insert(MongoCollection<Document> c, int bytes) {
        String pad = "x".repeat(4_000);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < bytes / 4_000; i++) {
            batch.add(new Document("_id", i).append("pad", pad));
            if (batch.size() == 500) {
                c.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            c.insertMany(batch);
        }
    }
}

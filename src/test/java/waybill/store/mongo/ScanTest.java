package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoInternalException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server answers a scan in one reply unless asked for batches; the store always asks. A scan
 * reads the file on its caller's thread, and that thread may be interrupted (a pool stopped with
 * {@code shutdownNow}): the file stays open for everyone else.
 */
class ScanTest {
    @TempDir
    Path dir;

    @Test
    void aScanLargerThanOneWireMessageIsReadInBatches() {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("decisions");
            String pad = "x".repeat(10_000);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 5_500; i++) { // 55 MB: more than the driver's 48 MB reply limit
                batch.add(new Document("_id", i).append("jobId", "j").append("pad", pad));
                if (batch.size() == 500) {
                    c.insertMany(batch);
                    batch.clear();
                }
            }
            // what the store avoids: the one reply is refused by the driver
            assertThrows(
                    MongoInternalException.class,
                    () -> c.find(new Document("jobId", "j")).into(new ArrayList<>()));
            assertEquals(
                    5_500,
                    Docs.batched(c.find(new Document("jobId", "j")))
                            .into(new ArrayList<>())
                            .size());
        }
    }

    @Test
    void aScanOnAnInterruptedThreadLeavesTheFileOpenForEveryoneElse() throws Exception {
        String pad = "x".repeat(2_000);
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("jobs");
            for (int i = 0; i < 2_000; i++) {
                c.insertOne(new Document("_id", "job-" + i).append("pad", pad));
            }
            server.commit();
        }
        try (EmbeddedMongo server = new EmbeddedMongo(dir); // reopened: the pages are read from the file
                MongoClient client = MongoClients.create(server.connectionString())) {
            AtomicReference<Throwable> interrupted = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                Thread.currentThread().interrupt(); // a Java file channel read on it closes the channel
                try {
                    server.scan("scan", "jobs").forEach(d -> {});
                } catch (Throwable t) {
                    interrupted.set(t);
                }
            });
            reader.start();
            reader.join();
            assertNull(interrupted.get(), () -> "the interrupted scan failed: " + interrupted.get());
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("jobs");
            c.insertOne(new Document("_id", "after").append("pad", pad));
            server.commit();
            int read = 0;
            for (Document d : server.scan("scan", "jobs")) {
                read++;
            }
            assertEquals(2_001, read);
        }
    }
}

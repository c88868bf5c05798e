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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * A scan holds its version: every document is read as it was when the scan began, although meanwhile
     * every document was deleted and others written in its place three times over, each round committed
     * and followed by compaction (every chunk the scan reads dies, and is dropped unless held), and the
     * pages are read from the file.
     */
    @Test
    void aScanHoldingItsVersionReadsItWhileEveryDocumentIsRewrittenAndCommitted() {
        int n = 6_000;
        String pad = "x".repeat(6_000); // 36 MB: more than the store's page cache
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            rewriteAll(client.getDatabase("scan").getCollection("jobs"), n, 0, pad);
            server.commit();
        }
        try (EmbeddedMongo server = new EmbeddedMongo(dir); // reopened: the pages are read from the file
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("jobs");
            int read = 0;
            try (waybill.store.Backup.Hold held = server.pinVersions()) {
                Iterator<Document> scan = server.scan("scan", "jobs").iterator();
                assertEquals(0, scan.next().getInteger("round"));
                read++;
                for (int round = 1; round <= 3; round++) {
                    rewriteAll(c, n, round, pad);
                    server.commit();
                    server.housekeep(); // compaction, as it runs every second: the live pages left move out
                    server.housekeep();
                }
                while (scan.hasNext()) {
                    Document d = scan.next();
                    assertEquals(0, d.getInteger("round"), () -> d.getString("_id") + " read as rewritten");
                    read++;
                }
            }
            assertEquals(n, read);
            assertEquals(n, c.countDocuments(new Document("round", 3)));
        }
    }

    /**
     * A command holds its version too: finds over a collection whose chunks compaction rewrites and later
     * commits drop while the finds run, each find answered in full.
     */
    @Test
    void aFindRunningWhileCompactionAndCommitsDropItsChunksIsAnsweredInFull() throws Exception {
        int n = 6_000;
        String pad = "x".repeat(6_000);
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            rewriteAll(client.getDatabase("scan").getCollection("jobs"), n, 0, pad);
            server.commit();
        }
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("jobs");
            MongoCollection<Document> other = client.getDatabase("scan").getCollection("other");
            // every other document deleted: each chunk half empty, so compaction rewrites all of them
            c.deleteMany(new Document("_id", new Document("$regex", "[02468]$")));
            server.commit();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread housekeeping = new Thread(() -> {
                try {
                    for (int i = 0; reading.get(); i++) {
                        server.housekeep();
                        other.insertOne(new Document("_id", i));
                        server.commit();
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            housekeeping.start();
            try {
                for (int i = 0; i < 30 && failed.get() == null; i++) {
                    assertEquals(
                            n / 2,
                            Docs.batched(c.find()).into(new ArrayList<>()).size());
                }
            } finally {
                reading.set(false);
                housekeeping.join();
            }
            assertNull(failed.get(), () -> "housekeeping failed: " + failed.get());
        }
    }

    /** Every document deleted, and {@code n} others written (new ids: the _id index dies too). */
    private static void rewriteAll(MongoCollection<Document> c, int n, int round, String pad) {
        c.deleteMany(new Document());
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Document("_id", String.format("job-%d-%05d", round, i))
                    .append("round", round)
                    .append("pad", pad));
            if (batch.size() == 500) {
                c.insertMany(batch);
                batch.clear();
            }
        }
    }
}

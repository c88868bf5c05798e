package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit of the embedded store holds whole commands only. The server applies an insert in steps (the
 * document into the collection, then its key into each unique index); a commit taken between them would
 * leave a file, after a kill, holding a document no index knows, and the writer's retry of that
 * unacknowledged insert would be refused for good ("Document with key ... already existed").
 *
 * <p>Writers insert while commits run back to back; the file as each commit left it (what a kill -9 leaves:
 * nothing reaches the file between commits but a commit, whole or torn, which the next open drops) is
 * copied and read: every collection holds as many documents as each of its unique indexes holds keys.
 * The writers may insert {@link #INSERTS_PER_COMMIT} documents per commit, so what the test writes (and
 * the file it copies 150 times) is the same on a fast machine as on a slow one.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WholeCommandCommitTest {
    private static final int WRITERS = 8;
    private static final int COMMITS = 150;
    private static final int INSERTS_PER_COMMIT = 200;

    @Test
    void everyCommitHoldsWholeInsertsOnly(@TempDir Path dir) throws Exception {
        EmbeddedMongo server = new EmbeddedMongo(dir.resolve("data"));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Semaphore allowed = new Semaphore(0); // released before each commit: the inserts that may run beside it
        List<String> torn = new ArrayList<>();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .retryWrites(false)
                .build())) {
            MongoCollection<Document> decisions = client.getDatabase("w").getCollection("decisions");
            decisions.createIndex(Indexes.ascending("jobId", "factId"), new IndexOptions().unique(true));
            server.commit();
            server.startHousekeeping(); // its commits and compaction run beside the writers too
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String job = "job-" + w;
                running.add(writers.submit(() -> {
                    for (long n = 0; !stop.get(); n++) {
                        if (!allowed.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            n--;
                            continue;
                        }
                        decisions.insertOne(new Document("_id", job + "#" + n)
                                .append("jobId", job)
                                .append("factId", UUID.randomUUID().toString())
                                .append("body", "x".repeat(200)));
                        inserted.incrementAndGet();
                    }
                    return null;
                }));
            }
            Path copy = dir.resolve("as-killed.mv.db");
            for (int c = 0; c < COMMITS; c++) {
                allowed.drainPermits();
                allowed.release(INSERTS_PER_COMMIT);
                server.commit();
                // nothing reaches the file between commits: this copy is what a kill leaves
                Files.copy(server.file(), copy, StandardCopyOption.REPLACE_EXISTING);
                String mismatch = indexMismatch(copy);
                if (mismatch != null) {
                    torn.add("after commit " + c + ": " + mismatch);
                }
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            writers.shutdownNow();
            server.close();
        }
        assertTrue(inserted.get() > COMMITS, "the writers ran beside the commits: " + inserted.get() + " inserts");
        assertEquals(
                List.of(),
                torn.subList(0, Math.min(3, torn.size())),
                torn.size() + " of " + COMMITS + " commits hold a document without its index entries; the first");
    }

    /** Null when every collection's unique indexes hold exactly its documents; else what differs. */
    private static String indexMismatch(Path file) {
        MVStore store =
                new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            String data = "databases.w.decisions";
            if (!store.hasMap(data)) {
                return null;
            }
            long documents = DocumentType.open(store, data).sizeAsLong();
            StringBuilder mismatch = new StringBuilder();
            int indexes = 0;
            for (String name : store.getMapNames()) {
                if (name.contains("w.decisions._index_")) {
                    indexes++;
                    long keys = store.openMap(
                                    name,
                                    new MVMap.Builder<>()
                                            .keyType(new UniqueIndex.KeyType())
                                            .valueType(new DocumentType()))
                            .sizeAsLong();
                    if (keys != documents) {
                        mismatch.append(Map.of(name, keys + " keys for " + documents + " documents"));
                    }
                }
            }
            if (indexes != 2) { // _id and (jobId, factId)
                return indexes + " unique indexes found among " + store.getMapNames();
            }
            return mismatch.isEmpty() ? null : mismatch.toString();
        } finally {
            store.close();
        }
    }
}

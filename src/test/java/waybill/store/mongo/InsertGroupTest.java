package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Grouped inserts on the embedded server: a duplicate key fails only its own document. */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class InsertGroupTest {
    @Test
    void aDuplicateInAGroupFailsOnlyItself(@TempDir Path dir) {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = client(server)) {
            MongoCollection<Document> c = collection(client);
            InsertGroup group = new InsertGroup(c);
            assertEquals(true, group.insert(doc("j#1", "f1")));
            boolean[] r = group.insert(List.of(doc("j#2", "f2"), doc("j#1", "f9"), doc("j#3", "f1"), doc("j#4", "f4")));
            assertArrayEquals(new boolean[] {true, false, false, true}, r, "the _id and the factId taken fail");
            assertEquals(3, c.countDocuments());
            assertEquals("f1", c.find(new Document("_id", "j#1")).first().getString("factId"), "the first stays");
        }
    }

    @Test
    void concurrentCallersEachLearnTheirOwnOutcome(@TempDir Path dir) throws Exception {
        int writers = 16;
        int each = 40;
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = client(server)) {
            MongoCollection<Document> c = collection(client);
            InsertGroup group = new InsertGroup(c);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> lost = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                lost.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int i = 0; i < each; i++) {
                        // every writer tries the same versions: one of the 16 wins each; odd writers also reuse factIds
                        String factId = writer % 2 == 1 ? "shared-" + i : "w" + writer + "-" + i;
                        if (!group.insert(doc("job#" + i, factId))) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int failed = 0;
            for (Future<Integer> f : lost) {
                failed += f.get(50, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(each, c.countDocuments(), "one document per _id");
            assertEquals(writers * each - each, failed, "every other insert learnt it lost");
        }
    }

    private static MongoClient client(EmbeddedMongo server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .retryWrites(false)
                .build());
    }

    private static MongoCollection<Document> collection(MongoClient client) {
        MongoCollection<Document> c = client.getDatabase("t").getCollection("decisions");
        c.createIndex(new Document("factId", 1), new IndexOptions().unique(true));
        return c;
    }

    private static Document doc(String id, String factId) {
        return new Document("_id", id).append("factId", factId);
    }
}

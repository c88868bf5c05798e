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

/** Grouped inserts on the embedded server: a duplicate key fails only its own document, and ends its chain. */
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

    @Test
    void aChainEndsAtItsFirstFailureWhileTheOthersInItsRoundTripAreInserted(@TempDir Path dir) throws Exception {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = client(server)) {
            MongoCollection<Document> c = collection(client);
            c.insertOne(doc("old#1", "taken")); // the chain's second document reuses its factId
            CountDownLatch release = new CountDownLatch(1);
            List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
            InsertGroup group = new InsertGroup(heldOnce(c, release, calls));
            int[] chained = new int[1];
            boolean[] single = new boolean[1];
            Thread first = new Thread(() -> group.insert(doc("a#1", "fa"))); // in flight, held
            Thread chain = new Thread(() ->
                    chained[0] = group.insertChain(List.of(doc("c#1", "f1"), doc("c#2", "taken"), doc("c#3", "f3"))));
            Thread other = new Thread(() -> single[0] = group.insert(doc("z#1", "fz")));
            first.start();
            awaitCalls(calls, 1);
            for (Thread t : List.of(chain, other)) { // queued in this order behind the insert in flight
                t.start();
                awaitWaiting(t);
            }
            release.countDown();
            for (Thread t : List.of(first, chain, other)) {
                t.join();
            }
            assertEquals(1, chained[0], "the chain is inserted up to its failed document");
            assertEquals(true, single[0], "the document queued after the chain is inserted");
            assertEquals(null, c.find(new Document("_id", "c#3")).first(), "nothing after the failure");
            assertEquals(
                    List.of("insertOne 1", "insertMany 4", "insertOne 1"),
                    calls,
                    "ordered: what followed the failure went in the next round trip");
        }
    }

    /** The collection, its first insert held until {@code release}; each insert noted with its size. */
    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> heldOnce(
            MongoCollection<Document> c, CountDownLatch release, List<String> calls) {
        return (MongoCollection<Document>) java.lang.reflect.Proxy.newProxyInstance(
                InsertGroupTest.class.getClassLoader(), new Class<?>[] {MongoCollection.class}, (proxy, m, args) -> {
                    if (m.getName().startsWith("insert")) {
                        int n = args[0] instanceof List<?> l ? l.size() : 1;
                        calls.add(m.getName() + " " + n);
                        if (calls.size() == 1) {
                            release.await();
                        }
                    }
                    try {
                        return m.invoke(c, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void awaitCalls(List<String> calls, int n) throws InterruptedException {
        while (calls.size() < n) {
            Thread.onSpinWait();
            Thread.sleep(1); // a condition polled, not a timer
        }
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1); // a condition polled, not a timer
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

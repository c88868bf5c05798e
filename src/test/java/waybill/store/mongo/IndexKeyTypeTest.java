package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique indexes' key type keeps H2's format, not another: for keys of every shape the indexes hold
 * (job ids short and past 255 characters, compound keys, numbers, dates, a missing field), a key kept as
 * its serialized bytes is ordered against every other as H2 orders the key objects, is written as the
 * bytes H2 writes, and reads back from what H2 wrote. A file written before it (H2's default type, the
 * server's own index) is found key by key after, and the other way round. The server's unique indexes are
 * opened with it.
 */
class IndexKeyTypeTest {
    private final Random random = new Random(23);

    @Test
    void ordersEveryPairAsH2sDefaultType() {
        UniqueIndex.KeyType ours = new UniqueIndex.KeyType();
        ObjectDataType h2 = new ObjectDataType();
        List<KeyValue> keys = keys(400);
        int differing = 0;
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int expected = Integer.signum(h2.compare(a, b));
                assertEquals(expected, Integer.signum(ours.compare(key(a), key(b))), () -> a + " against " + b);
                differing += expected != 0 ? 1 : 0;
            }
        }
        assertTrue(differing > keys.size() * (keys.size() - 10), "the keys are mostly distinct");
    }

    @Test
    void writesTheBytesH2WritesAndReadsThem() {
        UniqueIndex.KeyType ours = new UniqueIndex.KeyType();
        ObjectDataType h2 = new ObjectDataType();
        for (KeyValue key : keys(300)) {
            byte[] written = bytes(ours, key(key));
            assertArrayEquals(bytes(h2, key), written, key::toString);
            UniqueIndex.Key read = assertInstanceOf(UniqueIndex.Key.class, ours.read(ByteBuffer.wrap(written)));
            assertEquals(key, ObjectDataType.deserialize(read.data()));
            assertEquals(key, h2.read(ByteBuffer.wrap(written)));
        }
        // a key of another type (an index on a field that is not a key value) still goes to H2's own
        assertArrayEquals(bytes(h2, "plain"), bytes(ours, "plain"));
        assertEquals("plain", ours.read(ByteBuffer.wrap(bytes(h2, "plain"))));
    }

    @Test
    void aFileWrittenWithH2sTypeIsFoundKeyByKeyAndTheOtherWayRound(@TempDir Path dir) {
        List<KeyValue> keys = keys(2_000);
        String file = dir.resolve("index.mv.db").toString();
        TreeMap<Integer, KeyValue> positions = new TreeMap<>();
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<KeyValue, Object> index = store.openMap("index"); // as the server opened it before
            for (int i = 0; i < keys.size(); i++) {
                if (index.putIfAbsent(keys.get(i), (long) i) == null) {
                    positions.put(i, keys.get(i));
                }
            }
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Object> index =
                    store.openMap("index", new MVMap.Builder<>().keyType(new UniqueIndex.KeyType()));
            positions.forEach((i, key) -> assertEquals((long) i, index.get(key(key)), key::toString));
            assertNull(index.get(key(new KeyValue("no such job"))));
            for (int i = 0; i < 500; i++) { // written now, among the keys written before
                index.put(key(new KeyValue("added-" + i, (long) i)), (long) -i);
            }
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<KeyValue, Object> index = store.openMap("index");
            positions.forEach((i, key) -> assertEquals((long) i, index.get(key), key::toString));
            for (int i = 0; i < 500; i++) {
                assertEquals((long) -i, index.get(new KeyValue("added-" + i, (long) i)));
            }
            List<KeyValue> inOrder = new ArrayList<>(index.keySet());
            ObjectDataType h2 = new ObjectDataType();
            for (int i = 1; i < inOrder.size(); i++) {
                assertEquals(-1, Integer.signum(h2.compare(inOrder.get(i - 1), inOrder.get(i))));
            }
        }
    }

    @Test
    void theServersUniqueIndexesKeepTheirKeysWithIt(@TempDir Path dir) {
        try (MVStore store = new MVStore.Builder()
                .fileName(dir.resolve("w.mv.db").toString())
                .open()) {
            MongoServer server = new MongoServer(new CommittingBackend(store, null));
            InetSocketAddress at = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + at.getPort())) {
                MongoCollection<Document> decisions = client.getDatabase("w").getCollection("decisions");
                decisions.createIndex(
                        Indexes.ascending("jobId", "factId"),
                        new IndexOptions().unique(true).name("job_factId"));
                decisions.insertOne(
                        new Document("_id", "j#1").append("jobId", "j").append("factId", "f"));
                assertThrows(
                        MongoWriteException.class,
                        () -> decisions.insertOne(
                                new Document("_id", "j#2").append("jobId", "j").append("factId", "f")));
                assertEquals(1, decisions.countDocuments());
                for (String index : List.of("_id_", "job_factId")) {
                    MVMap<Object, Object> map = store.openMap("w.decisions._index_" + index);
                    assertInstanceOf(UniqueIndex.KeyType.class, map.getKeyType(), index);
                    assertEquals(1, map.size(), index);
                }
            } finally {
                server.shutdownNow(); // closes the store too
            }
        }
    }

    /**
     * A store the server's own H2 index wrote opens with ours: every document found through each unique
     * index, each duplicate refused, a regular expression over the _id index answered; what ours adds is
     * found after a reopen beside it. (The server's own backend no longer reads such a store: its documents
     * are written field by field, {@link DocumentType}; the keys alone are read both ways, above.)
     */
    @Test
    void aStoreTheServersOwnIndexWroteIsServedByOurs(@TempDir Path dir) {
        String file = dir.resolve("w.mv.db").toString();
        int n = 300;
        serve(new H2Backend(new MVStore.Builder().fileName(file).open()), decisions -> {
            decisions.createIndex(
                    Indexes.ascending("jobId", "factId"),
                    new IndexOptions().unique(true).name("job_factId"));
            for (int i = 0; i < n; i++) {
                decisions.insertOne(decision(i));
            }
        });
        serve(new CommittingBackend(new MVStore.Builder().fileName(file).open(), null), decisions -> {
            for (int i = 0; i < n; i++) {
                Document d = decision(i);
                assertEquals(
                        d, decisions.find(new Document("_id", d.get("_id"))).first());
                assertEquals(
                        d,
                        decisions
                                .find(new Document("jobId", d.get("jobId")).append("factId", d.get("factId")))
                                .first());
                assertThrows(MongoWriteException.class, () -> decisions.insertOne(d.append("_id", "other")));
            }
            List<Document> first = decisions
                    .find(new Document("_id", new Document("$regex", "#0{12}$")))
                    .into(new ArrayList<>());
            assertEquals(
                    List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                    first.stream()
                            .map(d -> Integer.parseInt(d.getString("factId").substring(5)))
                            .sorted()
                            .toList());
            for (int i = n; i < 2 * n; i++) {
                decisions.insertOne(decision(i));
            }
        });
        serve(new CommittingBackend(new MVStore.Builder().fileName(file).open(), null), decisions -> {
            for (int i = 0; i < 2 * n; i++) {
                Document d = decision(i);
                assertEquals(
                        d, decisions.find(new Document("_id", d.get("_id"))).first());
                assertThrows(MongoWriteException.class, () -> decisions.insertOne(d.append("_id", "other")));
            }
            assertEquals(2 * n, decisions.countDocuments());
        });
    }

    private static Document decision(int i) {
        String job = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/job" + i % 10;
        return new Document("_id", job + "#" + String.format("%012d", i / 10))
                .append("jobId", job)
                .append("factId", "fact-" + i);
    }

    private static void serve(H2Backend backend, Consumer<MongoCollection<Document>> use) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress at = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + at.getPort())) {
            use.accept(client.getDatabase("w").getCollection("decisions"));
        } finally {
            server.shutdownNow(); // closes the store too
        }
    }

    /** Keys of the shapes the indexes hold, some repeated as equal but distinct objects. */
    private List<KeyValue> keys(int n) {
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String job = jobId();
            keys.add(
                    switch (i % 7) {
                        case 0 -> new KeyValue(job);
                        case 1 -> new KeyValue(job + "#" + String.format("%012d", random.nextInt(1000)));
                        case 2 -> new KeyValue(job, "fact-" + random.nextInt(50));
                        case 3 -> new KeyValue(job, (long) random.nextInt(100));
                        case 4 -> new KeyValue(new Date(1_700_000_000_000L + random.nextInt(1_000_000)), job);
                        case 5 -> new KeyValue(job, null);
                        default -> new KeyValue(random.nextInt(3) - 1, job, job);
                    });
            if (i % 10 == 0) {
                KeyValue last = keys.get(keys.size() - 1);
                keys.add(new KeyValue(last.stream().toArray()));
            }
        }
        return keys;
    }

    private String jobId() {
        StringBuilder name = new StringBuilder(
                "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/");
        int length = random.nextInt(4) == 0 ? 150 + random.nextInt(200) : random.nextInt(20);
        for (int i = 0; i < length; i++) {
            name.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return random.nextInt(5) == 0 ? name.substring(random.nextInt(name.length())) : name.toString();
    }

    private static UniqueIndex.Key key(KeyValue key) {
        return new UniqueIndex.Key(ObjectDataType.serialize(key));
    }

    private static byte[] bytes(ObjectDataType type, Object key) {
        WriteBuffer buff = new WriteBuffer();
        type.write(buff, key);
        ByteBuffer written = buff.getBuffer();
        written.flip();
        byte[] out = new byte[written.remaining()];
        written.get(out);
        return out;
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.types.Binary;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's documents and ids as {@link DocumentType} writes them: every document of the shapes
 * the store writes reads back equal, its fields in their order and each value of the class it had; every
 * type the wire has reads back as the wire gives it (an instant to the millisecond, a lone surrogate as
 * UTF-8 gives it); a document holding a value the wire has no type for, and a string UTF-8 would not give
 * back, are written exactly as H2's default type writes them; a file written with H2's type (every earlier
 * version) opens, and after rewrites holds both forms, its ids in H2's order; the server's collections use
 * it, through the driver, across a reopen.
 */
class DocumentTypeTest {
    private static final String JOB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/j";

    @Test
    void readsBackEveryShapeTheStoreWritesWithItsOrderAndClasses() {
        DocumentType type = new DocumentType();
        ObjectDataType h2 = new ObjectDataType();
        for (Document d : shapes()) {
            byte[] written = bytes(type, d);
            assertEquals(127, written[0], () -> "written as BSON: " + d);
            assertSame(d, type.read(ByteBuffer.wrap(written)));
            assertSame(d, h2.read(ByteBuffer.wrap(bytes(h2, d)))); // what H2's type gives for the same document
            assertTrue(written.length < bytes(h2, d).length, () -> "smaller than H2's: " + d);
        }
    }

    @Test
    void everyTypeOfTheWireReadsBackAsTheWireGivesIt() {
        DocumentType type = new DocumentType();
        Document d = new Document("_id", new ObjectId())
                .append("bin", new BinData(new byte[] {1, 2, 3}))
                .append("uuid", UUID.randomUUID())
                .append("decimal", new Decimal128(1, 2))
                .append("timestamp", new BsonTimestamp(42))
                .append("regex", new BsonRegularExpression("^j", "i"))
                .append("min", MinKey.getInstance())
                .append("max", MaxKey.getInstance())
                .append("instant", Instant.ofEpochSecond(1_772_442_000L, 123_456_789))
                .append("lone", "a \uD800 b")
                .append("map", new LinkedHashMap<>(Map.of("a", 1)))
                .append("list", List.of("an", "immutable", "list"));
        Document read = (Document) type.read(ByteBuffer.wrap(bytes(type, d)));
        Document expected = new Document(d)
                .append("instant", Instant.ofEpochMilli(1_772_442_000_123L)) // BSON keeps milliseconds, as MongoDB does
                .append("lone", "a ? b") // UTF-8 as Java writes it
                .append("map", new Document("a", 1))
                .append("list", new ArrayList<>(List.of("an", "immutable", "list")));
        BsonRegularExpression regex = (BsonRegularExpression) read.remove("regex"); // compared by identity otherwise
        assertEquals(List.of("^j", "i"), List.of(regex.getPattern(), regex.getOptions()));
        expected.remove("regex");
        assertSame(expected, read);
    }

    @Test
    void aDocumentHoldingAValueTheWireHasNoTypeForIsWrittenAsH2WritesIt() {
        DocumentType type = new DocumentType();
        ObjectDataType h2 = new ObjectDataType();
        for (Object other : List.of(new Date(0), new NotBson())) {
            Document top = new Document("_id", "x").append("v", other);
            Document nested = new Document("_id", "x") // found deep down too
                    .append("n", new Document("deep", new ArrayList<>(List.of(1, new Document("v", other)))));
            for (Document d : List.of(top, nested)) {
                byte[] written = bytes(type, d);
                assertArrayEquals(bytes(h2, d), written, () -> other.getClass() + " in " + d);
                assertSame(d, type.read(ByteBuffer.wrap(written)));
            }
        }
        // values that are neither documents nor strings (the server's meta maps keep numbers) go to H2's type too
        for (Object plain : List.of(42L, 3.5, new NotBson())) {
            assertArrayEquals(bytes(h2, plain), bytes(type, plain));
        }
        assertEquals(42L, type.read(ByteBuffer.wrap(bytes(h2, 42L))));
    }

    /** A document weighs in the page cache about twice its bytes, also in a process that has only read pages. */
    @Test
    void documentsReadAreWeighedAsTheyAre() {
        Document d = job(7, 1).append("body", "x".repeat(1_400));
        byte[] written = bytes(new DocumentType(), d);
        DocumentType reader = new DocumentType(); // a restarted process: nothing written yet
        for (int i = 0; i < 100; i++) {
            reader.read(ByteBuffer.wrap(written));
        }
        int weight = reader.getMemory(d);
        assertTrue(
                Math.abs(weight - 2 * (written.length - 1)) < 100, () -> weight + " for " + written.length + " bytes");
    }

    /** Ids and positions: strings as their UTF-8 bytes, unless UTF-8 would not give them back. */
    @Test
    void writesStringsAsUtf8UnlessItWouldNotGiveThemBack() {
        DocumentType type = new DocumentType();
        ObjectDataType h2 = new ObjectDataType();
        for (String s : List.of("", "a", JOB + "#000000000003", "Zoë 東京 🚚", "\0 and \u007F", "x".repeat(70_000))) {
            byte[] written = bytes(type, s);
            assertEquals(126, written[0], s);
            assertSame(s, type.read(ByteBuffer.wrap(written)));
            assertEquals(s, type.read(ByteBuffer.wrap(bytes(h2, s)))); // as an earlier version wrote it
        }
        for (String lone : List.of("\uD800", "a lone \uDC00 surrogate", "🚚".substring(0, 1))) {
            assertArrayEquals(bytes(h2, lone), bytes(type, lone), lone);
            assertEquals(lone, type.read(ByteBuffer.wrap(bytes(type, lone))));
        }
    }

    /** Keys written by H2's type and by this one, on the same pages, order and are found as H2 orders them. */
    @Test
    void idsOfBothFormsOrderAsH2OrdersThem(@TempDir Path dir) {
        String file = dir.resolve("k.mv.db").toString();
        Random random = new Random(7);
        TreeSet<String> ids = new TreeSet<>();
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            put(store.openMap("databases.w.jobs"), random, ids); // H2's type, as an earlier version wrote
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            put(DocumentType.open(store, "databases.w.jobs"), random, ids); // among them, in this type
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Map<String, Object>> data = DocumentType.open(store, "databases.w.jobs");
            assertEquals(List.copyOf(ids), List.copyOf(data.keySet()));
            ids.forEach(id -> assertEquals(id, data.get(id).get("_id")));
        }
    }

    /** 2,000 documents of random ids, put and noted. */
    private static void put(Map<Object, ? super Document> data, Random random, TreeSet<String> ids) {
        for (int i = 0; i < 2_000; i++) {
            String id = id(random);
            ids.add(id);
            data.put(id, new Document("_id", id));
        }
    }

    private static String id(Random random) {
        String[] parts = {JOB, "a", "Zoë", "東京", "🚚", "#", "0", "~", " "};
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            s.append(parts[random.nextInt(parts.length)]).append(random.nextInt(1000));
        }
        return s.toString();
    }

    /** A value of a class of its own, which BSON has no type for: Java-serialized by H2's type, as before. */
    private record NotBson() implements java.io.Serializable {}

    @Test
    void aFileWrittenWithH2sTypeOpensAndHoldsBothFormsAfterRewrites(@TempDir Path dir) {
        String file = dir.resolve("d.mv.db").toString();
        int n = 3_000;
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Document> data = store.openMap("databases.w.jobs"); // as every earlier version wrote it
            for (int i = 0; i < n; i++) {
                data.put(JOB + i, job(i, 1));
            }
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Map<String, Object>> data = DocumentType.open(store, "databases.w.jobs");
            for (int i = 0; i < n; i++) {
                assertSame(job(i, 1), data.get(JOB + i));
            }
            for (int i = 0; i < n; i += 7) { // some pages rewritten in the new form, others left as they were
                data.put(JOB + i, job(i, 2));
            }
            data.put(JOB + "new", job(-1, 1));
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Map<String, Object>> data = DocumentType.open(store, "databases.w.jobs");
            for (int i = 0; i < n; i++) {
                assertSame(job(i, i % 7 == 0 ? 2 : 1), data.get(JOB + i));
            }
            assertSame(job(-1, 1), data.get(JOB + "new"));
            assertEquals(n + 1, data.sizeAsLong());
        }
    }

    /** Through the driver: what the server stores, updates and reads back after a reopen, the file's maps typed. */
    @Test
    void theServersCollectionsKeepTheirDocumentsWithIt(@TempDir Path dir) {
        String file = dir.resolve("w.mv.db").toString();
        Date at = new Date(1_772_442_000_123L);
        org.bson.Document written = new org.bson.Document("_id", JOB)
                .append("v", 3L)
                .append("n", 7)
                .append("x", -2.5)
                .append("registered", true)
                .append("deleted", false)
                .append("nextTimer", at)
                .append("none", null)
                .append("tags", new org.bson.Document("a.b", "c").append("", "empty key"))
                .append("ids", List.of("a", "b"))
                .append("oid", new org.bson.types.ObjectId())
                .append("bin", new Binary(new byte[] {9, 8, 7}))
                .append("body", "{\"name\":\"Jörg 🚚 \\u0000\"}");
        serve(
                file,
                jobs -> {
                    jobs.insertOne(written);
                    jobs.insertOne(new org.bson.Document("_id", "plain")
                            .append("v", 1L)
                            .append("at", at));
                    jobs.updateOne(
                            Filters.eq("_id", "plain"),
                            Updates.combine(Updates.inc("v", 1L), Updates.push("seen", "x")));
                },
                store -> {});
        serve(
                file,
                jobs -> {
                    assertEquals(written, jobs.find(Filters.eq("_id", JOB)).first());
                    org.bson.Document plain =
                            jobs.find(Filters.eq("_id", "plain")).first();
                    assertEquals(2L, plain.get("v"));
                    assertEquals(at, plain.get("at"));
                    assertEquals(List.of("x"), plain.get("seen"));
                    assertEquals(
                            JOB, jobs.find(Filters.eq("nextTimer", at)).first().get("_id"));
                },
                store -> assertInstanceOf(
                        DocumentType.class, store.openMap("databases.w.jobs").getValueType()));
    }

    private static void serve(
            String file,
            java.util.function.Consumer<MongoCollection<org.bson.Document>> use,
            java.util.function.Consumer<MVStore> check) {
        MVStore store = new MVStore.Builder().fileName(file).open();
        MongoServer server = new MongoServer(new CommittingBackend(store, null));
        try (MongoClient client =
                MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            use.accept(client.getDatabase("w").getCollection("jobs"));
            check.accept(store);
        } finally {
            server.shutdownNow(); // closes the store too
        }
    }

    /** Equal, with the fields in the same order and every value, deep down, of the same class. */
    private static void assertSame(Object expected, Object actual) {
        assertEquals(expected, actual);
        assertEquals(classes(expected), classes(actual), () -> "classes of " + expected);
    }

    private static String classes(Object value) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder s = new StringBuilder(value.getClass().getSimpleName()).append('{');
            m.forEach((k, v) -> s.append(k).append('=').append(classes(v)).append(','));
            return s.append('}').toString();
        }
        if (value instanceof List<?> l) {
            return value.getClass().getSimpleName()
                    + l.stream().map(DocumentTypeTest::classes).toList();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static List<Document> shapes() {
        String json = "{\"name\":\"drive \\\"1\\\"\",\"tags\":{\"k\":\"v\"}}".repeat(40);
        String odd = "Zoë, 東京, 🚚, a NUL \0 in a value, a DEL \u007F";
        String huge = "x".repeat(70_000) + "\uFFFF";
        List<Document> shapes = new ArrayList<>();
        shapes.add(new Document("_id", JOB + "#000000000003") // a decision, as DecisionDocs writes it
                .append("jobId", JOB)
                .append("seq", 3L)
                .append("factId", "f-1")
                .append("accepted", true)
                .append("at", Instant.parse("2026-03-02T09:00:00.123Z"))
                .append("stateBefore", "Transferring")
                .append("stateAfter", null)
                .append("deleted", false)
                .append("actionIds", new ArrayList<>(List.of("a-1", "a-2")))
                .append("scrubbed", false)
                .append("decision", json));
        shapes.add(job(1, 4)); // a snapshot
        shapes.add(new Document("_id", JOB)
                .append("v", 0L)
                .append("deleted", false)
                .append("registered", false));
        shapes.add(new Document());
        shapes.add(new Document("_id", odd)
                .append("a.b$c 🚚", odd)
                .append("", huge)
                .append("ints", new ArrayList<>(List.of(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 127, 128)))
                .append("longs", new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 35)))
                .append(
                        "doubles",
                        new ArrayList<>(
                                List.of(0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300)))
                .append(
                        "instants",
                        new ArrayList<>(List.of(
                                Instant.EPOCH,
                                Instant.ofEpochSecond(-62_135_596_800L), // year 1
                                Instant.ofEpochMilli(1_772_442_000_123L),
                                Instant.ofEpochMilli(-1))))
                .append("nulls", new ArrayList<>(Arrays.asList(null, null)))
                .append("empty", new ArrayList<>())
                .append(
                        "nested",
                        new Document(
                                "d",
                                new Document(
                                        "e",
                                        new ArrayList<>(List.of(
                                                new Document(),
                                                new ArrayList<>(List.of(true, false, "s")),
                                                new Document("k", null)))))));
        return shapes;
    }

    private static Document job(int i, long v) {
        return new Document("_id", JOB + i)
                .append("v", v)
                .append("deleted", false)
                .append("registered", true)
                .append("subscriptionId", "s")
                .append("resourceGroup", "rg")
                .append("state", i % 2 == 0 ? "Transferring" : "Shipping")
                .append("nextTimer", i % 3 == 0 ? null : Instant.ofEpochMilli(1_772_442_000_000L + i))
                .append("body", "{\"name\":\"job " + i + "\",\"v\":" + v + "}" + "-".repeat(Math.floorMod(i, 500)));
    }

    private static byte[] bytes(org.h2.mvstore.type.DataType<Object> type, Object value) {
        WriteBuffer buff = new WriteBuffer(256);
        type.write(buff, value);
        ByteBuffer b = buff.getBuffer().flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}

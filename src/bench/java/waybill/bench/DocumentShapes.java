package waybill.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.GroupCommitter;

/**
 * Which shape of a decision document costs the embedded store least. Two shapes of the same decision:
 * {@code nested}, the twelve fields {@code DecisionDocs.accepted} writes (strings, a long, booleans, a date,
 * a list, the decision JSON); {@code slim}, only what the indexes need ({@code _id}, {@code jobId},
 * {@code seq}, {@code factId}) beside one string holding the rest; {@code binary}, the same with the rest
 * as UTF-8 bytes (BSON binary). For each: the bytes and the time of the
 * Java serialization the H2 backend gives every document it stores ({@code ObjectOutputStream} of its
 * document, one stream per document), and committed inserts per second with the CPU the process spent per
 * insert (16 writers, one insert each, then the group commit with its fsync, as {@link StoreCeiling}); and
 * the MVStore's put and commit on one thread (what the backend's serialization and chunk writes cost).
 * The rounds alternate the shapes, so both see the same machine; compare the shapes within one run.
 *
 * <pre>DocumentShapes [seconds=5] [rounds=2] [threads=16] [bytes=1580] [documents=10000]</pre>
 */
public final class DocumentShapes {
    private DocumentShapes() {}

    private static final List<String> SHAPES = List.of("nested", "slim", "binary");

    private static final String JOB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/m";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 1580;
        int documents = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        String payload = StoreCeiling.payload(bytes - 330); // the fields beside the decision JSON take about 330 bytes
        for (String shape : SHAPES) {
            serialization(shape, payload, documents); // warm-up
            mvStore(shape, payload, documents);
        }
        for (int r = 0; r < rounds; r++) {
            for (String shape : SHAPES) {
                double[] s = serialization(shape, payload, documents);
                System.out.printf(
                        "round %d %-6s java serialization: %5.0f B, %6.2f us per document%n", r, shape, s[0], s[1]);
            }
            for (String shape : SHAPES) {
                System.out.printf(
                        "round %d %-6s MVStore put + commit every 16: %6.2f us per document%n",
                        r, shape, mvStore(shape, payload, documents));
            }
        }
        Path dir = Files.createTempDirectory("waybill-shapes");
        EmbeddedMongo server = new EmbeddedMongo(dir);
        server.startHousekeeping();
        GroupCommitter committer = new GroupCommitter(server::commit);
        MongoClient client = StoreCeiling.client(server);
        try {
            for (String shape : SHAPES) {
                inserts(client, shape + "-w", shape, payload, threads, 2, committer); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (String shape : SHAPES) {
                    double[] x = inserts(client, shape + r, shape, payload, threads, seconds, committer);
                    System.out.printf(
                            "round %d %-6s committed inserts: %6.0f/s, process CPU %6.1f us per insert%n",
                            r, shape, x[0], x[1]);
                }
            }
        } finally {
            StoreCeiling.close(committer, client, server, dir);
        }
    }

    static Document document(String shape, long k, String payload) {
        String job = JOB + (k % 256);
        Document d = new Document("_id", job + "#" + String.format("%012d", k))
                .append("jobId", job)
                .append("seq", k)
                .append("factId", "f-" + k);
        if (!shape.equals("nested")) {
            String rest = "{\"accepted\":true,\"at\":\"2026-03-02T09:00:00Z\",\"stateBefore\":\"Transferring\","
                    + "\"stateAfter\":\"Transferring\",\"deleted\":false,\"actionIds\":[],"
                    + "\"scrubbed\":false,\"decision\":" + payload + "}";
            return d.append(
                    "d",
                    shape.equals("slim")
                            ? rest
                            : new org.bson.types.Binary(rest.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return d.append("accepted", true)
                .append("at", new Date())
                .append("stateBefore", "Transferring")
                .append("stateAfter", "Transferring")
                .append("deleted", false)
                .append("actionIds", List.of())
                .append("scrubbed", false)
                .append("decision", payload);
    }

    /** The H2 backend's share: its document, Java-serialized on its own stream. [bytes, microseconds] */
    private static double[] serialization(String shape, String payload, int n) throws IOException {
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            try (ObjectOutputStream o = new ObjectOutputStream(out)) {
                o.writeObject(serverDocument(document(shape, i, payload)));
            }
            bytes += out.size();
        }
        return new double[] {(double) bytes / n, (System.nanoTime() - t0) / 1e3 / n};
    }

    /**
     * What the H2 backend does with each stored document: put in an MVStore map of the default data type
     * (Java serialization of the document, the leaf page it lands in written again at the next commit),
     * committed every 16 puts on a file, on this one thread. Microseconds per document.
     */
    private static double mvStore(String shape, String payload, int n) throws IOException {
        Path file = Files.createTempFile("waybill-shapes", ".mv.db");
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        try {
            org.h2.mvstore.MVMap<Object, Object> map = store.openMap("decisions");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Document d = document(shape, i, payload);
                map.put(d.getString("_id"), serverDocument(d));
                if (i % 16 == 15) {
                    store.commit();
                }
            }
            store.commit();
            return (System.nanoTime() - t0) / 1e3 / n;
        } finally {
            store.close();
            Files.deleteIfExists(file);
        }
    }

    /** The document as the server keeps it (its own Document class, lists as ArrayList, binary as bytes). */
    private static Object serverDocument(Map<String, Object> d) {
        Map<String, Object> m = new LinkedHashMap<>();
        d.forEach((k, v) -> m.put(
                k,
                v instanceof List<?> l ? new ArrayList<>(l) : v instanceof org.bson.types.Binary b ? b.getData() : v));
        return new de.bwaldvogel.mongo.bson.Document(m);
    }

    /** [committed inserts per second, process CPU microseconds per insert] */
    private static double[] inserts(
            MongoClient client,
            String collection,
            String shape,
            String payload,
            int threads,
            int seconds,
            GroupCommitter committer)
            throws InterruptedException {
        MongoCollection<Document> log = client.getDatabase("shapes").getCollection(collection);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(new Thread(() -> {
                while (!stop.get()) {
                    log.insertOne(document(shape, next.getAndIncrement(), payload));
                    committer.awaitDurable();
                    done.incrementAndGet();
                }
            }));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        ts.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        long count = done.get();
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpu0;
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        return new double[] {count / (elapsed / 1e9), cpu / 1e3 / Math.max(1, count)};
    }
}

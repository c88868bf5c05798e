package waybill.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.GroupCommitter;

/**
 * The persistence ceiling: the embedded store's durable rate for one committed write of a decision-sized
 * document. N threads each loop: insertOne of a document of {@code bytes} BSON bytes with a unique _id
 * {@code jobId#seq} and a unique factId (the decision log's shape and indexes), the jobs taken
 * round-robin from {@code jobs} of them, then wait for the same group commit the service uses
 * ({@link GroupCommitter} over {@link EmbeddedMongo#commit()}: the chunk write and its fsync). Reports
 * committed writes per second.
 *
 * <pre>StoreCeiling [threads=16] [seconds=20] [writes=1] [bytes=1580] [jobs=threads] [warmupSeconds=3]</pre>
 * bench/load.sh passes the mean size of the decisions the service stored ({@link StoredSizes}) and its
 * number of jobs. {@code writes=2} adds a replaceOne of a snapshot-sized document before the commit (a
 * decision and its projection); {@code writes=1} is the ceiling.
 */
public final class StoreCeiling {
    private StoreCeiling() {}

    public static void main(String[] args) throws Exception {
        measure(args);
    }

    /** A driver client of the embedded server as the store's: acknowledged writes, no retries. */
    static MongoClient client(EmbeddedMongo server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .writeConcern(WriteConcern.ACKNOWLEDGED)
                .retryWrites(false)
                .retryReads(false)
                .build());
    }

    /** Closes what a run opened, the embedded server last, and deletes its folder. */
    static void close(GroupCommitter committer, MongoClient client, EmbeddedMongo server, Path dir)
            throws java.io.IOException {
        committer.close();
        client.close();
        server.close();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** Runs as {@link #main} does and answers the committed writes per second it printed. */
    static double measure(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int writes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 1580;
        int jobs = args.length > 4 ? Integer.parseInt(args[4]) : threads;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        Path dir = Files.createTempDirectory("waybill-ceiling");
        EmbeddedMongo server = new EmbeddedMongo(dir);
        server.startHousekeeping(); // as the service runs it
        GroupCommitter committer = new GroupCommitter(server::commit);
        MongoClient client = client(server);
        try {
            MongoCollection<Document> log = client.getDatabase("ceiling").getCollection("decisions");
            MongoCollection<Document> snaps = client.getDatabase("ceiling").getCollection("jobs");
            log.createIndex(new Document("factId", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            String sample = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/m00000";
            String payload = payload(bytes - size(document(sample, 0, "m0", ""))); // the rest of the document is fixed
            int docBytes = size(document(sample, 0, "m0", payload));
            // warm-up, then the measured window
            run(threads, warmup, writes, jobs, log, snaps, committer, payload, "w");
            long before = committer.commits();
            long[] r = run(threads, seconds, writes, jobs, log, snaps, committer, payload, "m");
            long commits = committer.commits() - before;
            double rate = r[0] / (r[1] / 1e9);
            System.out.printf(
                    "store ceiling: threads=%d writes-per-commit-wait=%d doc=%d B jobs=%d: %d durable %s in %.1f s"
                            + " = %.0f/s; %d group commits (%.1f waiters each); latency p50 %.2f ms p99 %.2f ms%n",
                    threads,
                    writes,
                    docBytes,
                    jobs,
                    r[0],
                    writes == 1 ? "inserts" : "insert+replace",
                    r[1] / 1e9,
                    rate,
                    commits,
                    commits == 0 ? 0.0 : (double) r[0] / commits,
                    r[2] / 1e6,
                    r[3] / 1e6);
            System.out.printf("RESULT ceiling_writes_per_s=%.0f%n", rate);
            return rate;
        } finally {
            close(committer, client, server, dir);
        }
    }

    private static long[] run(
            int threads,
            int seconds,
            int writes,
            int jobs,
            MongoCollection<Document> log,
            MongoCollection<Document> snaps,
            GroupCommitter committer,
            String payload,
            String tag)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<long[]> lat = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            long[] mine = new long[2_000_000];
            lat.add(mine);
            Thread th = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    long k = next.getAndIncrement();
                    String job = String.format(
                            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/%s%05d",
                            tag, k % jobs);
                    log.insertOne(document(job, k, tag + me, payload));
                    if (writes > 1) {
                        snaps.replaceOne(
                                new Document("_id", job),
                                new Document("_id", job).append("v", (long) n).append("body", payload),
                                new com.mongodb.client.model.ReplaceOptions().upsert(true));
                    }
                    committer.awaitDurable();
                    if (n < mine.length) {
                        mine[n] = System.nanoTime() - t0;
                    }
                    n++;
                    done.incrementAndGet();
                }
                mine[mine.length - 1] = n;
            });
            ts.add(th);
        }
        long start = System.nanoTime();
        ts.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        long count = done.get();
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        List<Long> all = new ArrayList<>();
        for (long[] l : lat) {
            int n = (int) Math.min(l[l.length - 1], l.length - 1);
            for (int i = 0; i < n; i++) {
                all.add(l[i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        long p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        long p99 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)];
        return new long[] {count, elapsed, p50, p99};
    }

    /** Shaped as DecisionDocs.accepted writes it; the payload stands for the decision JSON. */
    private static Document document(String job, long k, String writer, String payload) {
        return new Document("_id", job + "#" + String.format("%012d", k))
                .append("jobId", job)
                .append("seq", k)
                .append("factId", "f-" + writer + "-" + k)
                .append("accepted", true)
                .append("at", new Date())
                .append("stateBefore", "Transferring")
                .append("stateAfter", "Transferring")
                .append("deleted", false)
                .append("actionIds", List.of())
                .append("scrubbed", false)
                .append("decision", payload);
    }

    private static int size(Document d) {
        return new org.bson.RawBsonDocument(d, new org.bson.codecs.DocumentCodec())
                .getByteBuffer()
                .remaining();
    }

    /** Decision-like JSON of about {@code n} characters. */
    static String payload(int n) {
        StringBuilder b = new StringBuilder("{\"factId\":\"x\",\"jobId\":\"y\",\"accepted\":true,\"job\":{");
        int i = 0;
        while (b.length() < n - 30) { // the last field and the closing braces make up the rest
            b.append("\"field").append(i).append("\":\"value-").append(i * 7919).append("\",");
            i++;
        }
        return b.append("\"end\":1}}").toString();
    }
}

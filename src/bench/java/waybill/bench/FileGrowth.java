package waybill.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.h2.mvstore.MVStoreTool;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.GroupCommitter;

/**
 * How large the embedded store's file grows under sustained writes, and what housekeeping gives back once
 * they stop. N writers each loop as a fact does: insert a decision ({@code _id} {@code jobId#seq}, unique
 * {@code (jobId, factId)}, a 1.5 KB body) for a job picked at random among {@code jobs}, replace that job's
 * 2 KB snapshot, then wait for the group commit (the service's {@link GroupCommitter} over
 * {@link EmbeddedMongo#commit()}). Housekeeping runs as in the service. Every 5 s: facts so far and the file's
 * size; at the end of the writes and of the idle time, the live data (a copy of the file compacted offline
 * by {@link MVStoreTool#compact(String, String, boolean)}) and the file's size over it.
 *
 * <pre>FileGrowth [threads=16] [seconds=60] [idleSeconds=30] [jobs=100000]</pre>
 */
public final class FileGrowth {
    private static final int MB = 1 << 20;

    private FileGrowth() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int idle = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        Path dir = Files.createTempDirectory("waybill-growth");
        EmbeddedMongo server = new EmbeddedMongo(dir.resolve("data"));
        server.startHousekeeping();
        GroupCommitter committer = new GroupCommitter(server::commit);
        MongoClient client = StoreCeiling.client(server);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong facts = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        try {
            MongoCollection<Document> log = client.getDatabase("growth").getCollection("decisions");
            MongoCollection<Document> snaps = client.getDatabase("growth").getCollection("jobs");
            log.createIndex(Indexes.ascending("jobId", "factId"), new IndexOptions().unique(true));
            String decision = StoreCeiling.payload(1_500);
            String snapshot = StoreCeiling.payload(2_000);
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    while (!stop.get()) {
                        long k = facts.getAndIncrement();
                        String job = String.format(
                                "job-%07d", ThreadLocalRandom.current().nextInt(jobs));
                        log.insertOne(new Document("_id", job + "#" + k)
                                .append("jobId", job)
                                .append("factId", UUID.randomUUID().toString())
                                .append("body", decision));
                        snaps.replaceOne(
                                new Document("_id", job),
                                new Document("_id", job).append("v", k).append("body", snapshot),
                                new ReplaceOptions().upsert(true));
                        committer.awaitDurable();
                    }
                });
                w.start();
                writers.add(w);
            }
            long t0 = System.nanoTime();
            for (int s = 5; s <= seconds; s += 5) {
                Thread.sleep(5_000);
                System.out.printf("writing %3d s: %,d facts, file %,d MB%n", s, facts.get(), size(server) / MB);
            }
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%,d facts in %.1f s = %.0f/s%n", facts.get(), elapsed, facts.get() / elapsed);
            report("after the writes", server, dir);
            for (int s = 5; s <= idle; s += 5) {
                Thread.sleep(5_000);
                System.out.printf("idle %3d s: file %,d MB%n", s, size(server) / MB);
            }
            report("after " + idle + " s idle", server, dir);
        } finally {
            stop.set(true);
            StoreCeiling.close(committer, client, server, dir);
        }
    }

    private static long size(EmbeddedMongo server) throws java.io.IOException {
        return Files.size(server.file());
    }

    /** The file's size, and the live data: a copy of the file (as a commit left it) compacted offline. */
    private static void report(String when, EmbeddedMongo server, Path dir) throws Exception {
        server.commit();
        Path copy = dir.resolve("copy.mv.db");
        Path compacted = dir.resolve("compacted.mv.db");
        Files.copy(server.file(), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(compacted);
        MVStoreTool.compact(copy.toString(), compacted.toString(), false);
        long file = size(server);
        long live = Files.size(compacted);
        System.out.printf(
                "%s: file %,d MB, live data %,d MB (compacted copy): %.1f times%n",
                when, file / MB, live / MB, (double) file / live);
        System.out.printf(
                "RESULT %s file_mb=%d live_mb=%d ratio=%.2f%n",
                when.replace(' ', '_'), file / MB, live / MB, (double) file / live);
        Files.delete(copy);
        Files.delete(compacted);
    }
}

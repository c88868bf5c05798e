package waybill.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The ceiling of a store shared over the wire (bench/cluster.sh): N threads each loop one insertOne of a
 * decision-sized document (unique {@code _id} jobId#seq and unique {@code (jobId, factId)}, the decision
 * log's keys) with the service's majority write concern, into the database at {@code uri}; the
 * {@code mongo-server} stand-in answers each only once it is committed. Reports acknowledged writes/s
 * ({@code RESULT=}): one durable write per fact is what a decision costs the store at the least.
 *
 * <pre>WireCeiling uri [threads=16] [seconds=15] [bytes=1580] [warmupSeconds=5]</pre>
 */
public final class WireCeiling {
    private WireCeiling() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 1580;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .writeConcern(WriteConcern.MAJORITY)
                .retryWrites(false)
                .build())) {
            MongoCollection<Document> log = client.getDatabase("ceiling").getCollection("decisions");
            log.createIndex(new Document("jobId", 1).append("factId", 1), new IndexOptions().unique(true));
            char[] pad = new char[Math.max(0, bytes - 200)];
            Arrays.fill(pad, 'x');
            String payload = new String(pad);
            AtomicLong written = new AtomicLong();
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int lane = t;
                Thread w = new Thread(() -> {
                    String job = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/w" + lane;
                    for (long seq = 1; !stop.get(); seq++) {
                        log.insertOne(new Document("_id", job + "#" + seq)
                                .append("jobId", job)
                                .append("factId", "f" + seq)
                                .append("decision", payload));
                        if (counting.get()) {
                            written.incrementAndGet();
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            Thread.sleep(warmup * 1000L);
            counting.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long n = written.get();
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            System.out.printf(
                    "wire ceiling: %d threads, %d B documents: %.0f acknowledged inserts/s%n", threads, bytes, rate);
            System.out.printf("RESULT=%.0f%n", rate);
        }
    }
}

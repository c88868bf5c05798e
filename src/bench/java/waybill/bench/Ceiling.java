package waybill.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.GroupCommitter;

/**
 * The persistence ceiling of {@link StoreCeiling} (N writers, each one insertOne of a decision-sized
 * document with a unique _id and factId, then the group commit's wait), kept open so that it can be
 * measured again and again between the figures it bounds: on a shared machine the load moves within a run.
 */
final class Ceiling implements AutoCloseable {
    private final Path dir;
    private final EmbeddedMongo server;
    private final GroupCommitter committer;
    private final MongoClient client;
    private final MongoCollection<Document> log;
    private final String payload;
    private final int writers;
    private final int jobs;

    Ceiling(int writers, int bytes, int jobs) throws Exception {
        this.writers = writers;
        this.jobs = jobs;
        this.dir = Files.createTempDirectory("waybill-ceiling");
        this.server = new EmbeddedMongo(dir);
        server.startHousekeeping(); // as the service runs it
        this.committer = new GroupCommitter(server::commit);
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .writeConcern(WriteConcern.ACKNOWLEDGED)
                .retryWrites(false)
                .retryReads(false)
                .build());
        this.log = client.getDatabase("ceiling").getCollection("decisions");
        log.createIndex(new Document("factId", 1), new IndexOptions().unique(true));
        // the document's fixed fields take about 280 B of the size: the payload stands for the decision JSON
        this.payload = "x".repeat(Math.max(0, bytes - 280));
    }

    /** Committed inserts per second over {@code seconds}; {@code tag} keeps the ids of each window apart. */
    double measure(int seconds, String tag) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    long k = next.getAndIncrement();
                    String job = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + tag
                            + (k % jobs);
                    log.insertOne(new Document("_id", job + "#" + String.format("%012d", k))
                            .append("jobId", job)
                            .append("factId", "f-" + tag + "-" + k)
                            .append("accepted", true)
                            .append("at", new Date())
                            .append("stateBefore", "Transferring")
                            .append("stateAfter", "Transferring")
                            .append("deleted", false)
                            .append("actionIds", List.of())
                            .append("scrubbed", false)
                            .append("decision", payload));
                    committer.awaitDurable();
                    done.incrementAndGet();
                }
            }));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        long n = done.get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return n / elapsed;
    }

    @Override
    public void close() throws Exception {
        committer.close();
        client.close();
        server.close();
        StoreScale.delete(dir);
    }
}

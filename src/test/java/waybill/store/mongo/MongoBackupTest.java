package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static waybill.store.StoreTestSupport.JSON;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.backup.Restore;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.store.Store;
import waybill.timers.ManualClock;

/**
 * The backup of a store on a MongoDB (here the embedded server run alone, reached by URI as a replica set
 * is): read through the driver, the log by job and version, each job's log cut at its first gap; and
 * restored into an embedded store, the same answers.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MongoBackupTest {
    static final int JOBS = 20;

    @Test
    void aBackupOfAMongoDbRestoresIntoAnEmbeddedStoreWithTheSameAnswers(
            @TempDir Path server, @TempDir Path restored, @TempDir Path tmp) throws Exception {
        Rulebook rulebook = rules();
        Path archive = tmp.resolve("backup.jsonl.gz");
        Map<String, String> before;
        EmbeddedMongo mongo = EmbeddedMongo.standalone(server, new InetSocketAddress("127.0.0.1", 0));
        try (Store store = StoreFactory.shared(mongo.connectionString(), "moving")) {
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            for (int i = 0; i < JOBS; i++) {
                String job = jobId("s1", "m" + i);
                p.submit(create(job, "c" + i));
                for (int u = 0; u < i % 4; u++) {
                    p.submit(update(job, "u" + i + "-" + u, "{\"tags\": {\"u\": \"" + u + "\"}}"));
                }
            }
            try (OutputStream out = Files.newOutputStream(archive)) {
                Map<String, Long> counts =
                        new waybill.backup.ArchiveWriter(store.backup().orElseThrow()).write(out, T0);
                assertEquals(JOBS, counts.get("jobs"));
                assertEquals(JOBS + (0 + 1 + 2 + 3) * JOBS / 4, counts.get("decisions"));
            }
            before = answers(store);
        } finally {
            mongo.close();
        }
        new Restore(archive, line -> {}).into(new Restore.Target(restored, null), false);
        try (MongoStore store = StoreFactory.embedded(restored)) {
            store.awaitWarm();
            assertEquals(before, answers(store));
        }
    }

    @Test
    void ofAScanThatIsNoSnapshotEachJobKeepsItsUnbrokenRunFromVersionOne() {
        waybill.backup.ArchiveWriter.LogPrefix prefix = new waybill.backup.ArchiveWriter.LogPrefix();
        List<String> kept = new ArrayList<>();
        for (String id : List.of("a#1", "a#2", "a#4", "a#5", "b#2", "b#3", "c#1", "c#2", "c#3")) {
            String[] parts = id.split("#");
            Document d = new Document("jobId", parts[0]).append("seq", Long.parseLong(parts[1]));
            if (prefix.keep(d)) {
                kept.add(id);
            }
        }
        assertEquals(List.of("a#1", "a#2", "c#1", "c#2", "c#3"), kept);
    }

    static Map<String, String> answers(Store store) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < JOBS; i++) {
            String job = jobId("s1", "m" + i);
            out.put("job " + job, JSON.writeValueAsString(store.find(job).orElse(null)));
            out.put("history " + job, store.history(job).toString());
        }
        out.put("list", JSON.writeValueAsString(store.list("s1", "rg", null, null, JOBS)));
        out.put("actions", store.actions(null).toString());
        return out;
    }
}

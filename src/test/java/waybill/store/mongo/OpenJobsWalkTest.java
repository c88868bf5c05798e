package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.store.Store;
import waybill.timers.ManualClock;

/** The walk through the open jobs pages through their ids: every job once, in id order, with its facts. */
class OpenJobsWalkTest {
    @Test
    void aWalkInPagesSmallerThanTheJobsHandsEveryOpenJobOnceInIdOrderWithItsFacts(@TempDir Path dir) throws Exception {
        Rulebook rulebook = rules();
        EmbeddedMongo mongo = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0));
        try (Store store = StoreFactory.shared(mongo.connectionString(), "walk")) {
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            for (int i = 0; i < 7; i++) {
                String job = jobId("s1", "w" + i);
                assertTrue(p.submit(create(job, "c" + i)).accepted());
                for (int u = 0; u < i % 3; u++) {
                    p.submit(update(job, "u" + i + "-" + u, "{\"tags\": {\"u\": \"" + u + "\"}}"));
                }
            }
            MongoOpsReads scans = (MongoOpsReads) store.opsReads();
            Map<String, List<String>> walked = new LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            scans.forEachOpenJob(
                    (id, facts) -> {
                        order.add(id);
                        walked.put(id, facts.stream().map(Fact::getFactId).toList());
                    },
                    3);
            Map<String, List<String>> whole = new LinkedHashMap<>();
            store.openJobFacts()
                    .forEach((id, facts) ->
                            whole.put(id, facts.stream().map(Fact::getFactId).toList()));
            assertEquals(7, order.size(), "every job once: " + order);
            assertEquals(order.stream().sorted().toList(), order, "in id order");
            assertEquals(whole, walked);
            assertEquals(List.of("c5", "u5-0", "u5-1"), walked.get(jobId("s1", "w5")));
        } finally {
            mongo.close();
        }
    }
}

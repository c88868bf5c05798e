package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.ops.JobBoard;
import waybill.store.Store;
import waybill.timers.ManualClock;

/**
 * Three instances on one shared store, each deciding its own jobs, each with its own console: the rows
 * the calendar and the diagrams' counts are drawn from are the same on all three, every instance's jobs
 * in them, in their current state (a job's state is written to the shared store before the answer).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ThreeConsolesTest {
    @Test
    void threeInstancesConsolesShowTheSameJobsInTheSameStates(@TempDir Path dir) throws Exception {
        Rulebook rb = rules();
        try (EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0))) {
            List<Store> stores = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    stores.add(StoreFactory.shared(server.connectionString(), "waybill"));
                }
                List<JobBoard> consoles = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Processor p = new Processor(() -> rb, stores.get(i), new ManualClock(T0));
                    JobBoard board = new JobBoard(stores.get(i));
                    consoles.add(board);
                    board.rows().count(); // each console has looked before the others decided
                    for (int j = 0; j < 2; j++) {
                        String job = jobId("s1", "n" + i + "-" + j);
                        p.submit(create(job, "c"));
                        if (j == 1) {
                            p.submit(update(job, "ship", "{\"properties\": {\"state\": \"Shipping\"}}"));
                        }
                        p.submit(update(job, "tag", "{\"tags\": {\"by\": \"n" + i + "\"}}"));
                    }
                }
                Map<String, String> first = states(consoles.get(0));
                assertEquals(6, first.size(), "every instance's jobs: " + first);
                assertEquals(
                        3, first.values().stream().filter("Shipping"::equals).count(), first.toString());
                for (JobBoard console : consoles) {
                    assertEquals(first, states(console), "one truth on every console");
                }
            } finally {
                for (Store s : stores) {
                    s.close();
                }
            }
        }
    }

    private static Map<String, String> states(JobBoard board) {
        Map<String, String> out = new TreeMap<>();
        board.rows().forEach(r -> out.put(r.id(), String.valueOf(r.state())));
        return out;
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.store.Store;
import waybill.store.StoreUnavailableException;
import waybill.timers.ManualClock;

/**
 * A shared MongoDB that goes away: every operation fails within the bounded timeouts (well under 5 s),
 * then at once while it stays away, and the same store object works again once the database is back,
 * with what it acknowledged before still there. The database is the embedded server run standalone on
 * a fixed port, stopped and started again on its file.
 */
class StoreAwayTest {
    @TempDir
    Path dir;

    @Test
    void withTheDatabaseAwayOperationsFailFastAndTheStoreResumesWhenItReturns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        EmbeddedMongo server = EmbeddedMongo.standalone(dir, at);
        String job = jobId("s1", "away");
        try (Store store = MongoStores.shared("mongodb://127.0.0.1:" + port, "away")) {
            Processor p = new Processor(() -> rulesOrFail(), store, new ManualClock(waybill.store.StoreTestSupport.T0));
            assertTrue(p.submit(create(job, "c1")).accepted());
            server.shutdown();

            long t0 = System.nanoTime();
            assertThrows(StoreUnavailableException.class, () -> store.find(job));
            long first = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(first < 5_000, "the first failure within the driver's bounds: " + first + " ms");
            t0 = System.nanoTime();
            assertThrows(StoreUnavailableException.class, () -> p.submit(create(jobId("s1", "other"), "c2")));
            assertFalse(store.healthy());
            long then = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(then < 500, "known away: refused at once, not after the timeouts again: " + then + " ms");

            server = EmbeddedMongo.standalone(dir, at);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!store.healthy()) { // a probe goes through about once a second
                assertTrue(System.nanoTime() < deadline, "the store did not resume within 10 s");
                Thread.sleep(100);
            }
            assertEquals(1, store.find(job).orElseThrow().getVersion(), "acknowledged before, there after");
            assertTrue(p.submit(create(jobId("s1", "after"), "c3")).accepted());
        } finally {
            server.shutdown();
        }
    }

    private static waybill.engine.Rulebook rulesOrFail() {
        try {
            return rules();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

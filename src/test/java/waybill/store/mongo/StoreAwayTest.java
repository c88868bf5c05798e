package waybill.store.mongo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.store.Store;
import waybill.store.StoreUnavailableException;
import waybill.timers.ManualClock;

/**
 * A shared MongoDB that goes away: every operation fails with {@link StoreUnavailableException}, the
 * first once the driver gives up, the next at once (refused by the reachability check, never reaching the
 * driver) on every path of the store, the outbox and the operators' reads included; the same store object
 * works again once the database is back. The database goes away at several steps: after a write, and
 * during the start-up pass, which resumes by itself once it answers (writes refused only meanwhile). The
 * database is the embedded server run standalone on a fixed port, stopped and started again on its file;
 * the probes' clock is the test's own.
 */
class StoreAwayTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void withTheDatabaseAwayEveryPathFailsFastAndTheStoreResumesWhenItReturns() throws Exception {
        InetSocketAddress at = freePort();
        EmbeddedMongo server = EmbeddedMongo.standalone(dir, at);
        AtomicLong nanos = new AtomicLong();
        String job = jobId("s1", "away");
        try (Store store = StoreFactory.shared(uri(at), "away", null, nanos::get, () -> {})) {
            Processor p = new Processor(
                    StoreAwayTest::rulesOrFail, store, new ManualClock(waybill.store.StoreTestSupport.T0));
            assertTrue(p.submit(create(job, "c1")).accepted());
            server.close();

            StoreUnavailableException first = assertThrows(StoreUnavailableException.class, () -> store.find(job));
            assertTrue(first.getCause() != null, "the first failure is the driver's, given up within its bounds");
            List<Executable> paths = List.of(
                    () -> p.submit(create(jobId("s1", "other"), "c2")),
                    () -> store.deliveries().list("failed", 10),
                    () -> store.deliveries().webhooks(),
                    () -> store.opsReads().decisions(job),
                    () -> store.opsReads().forEachJob(j -> {}),
                    () -> store.actions("open"),
                    () -> store.activations().activations(10));
            for (Executable path : paths) {
                StoreUnavailableException refused = assertThrows(StoreUnavailableException.class, path);
                assertNull(refused.getCause(), "known away: refused by the check, not after the driver's timeouts");
            }
            assertFalse(store.healthy());

            server = EmbeddedMongo.standalone(dir, at);
            nanos.addAndGet(Reachability.PROBE_NANOS); // the next operation is a probe
            await().atMost(GENEROUS).until(store::healthy);
            assertEquals(1, store.find(job).orElseThrow().getVersion(), "acknowledged before, there after");
            assertTrue(p.submit(create(jobId("s1", "after"), "c3")).accepted());
            assertEquals(List.of(), store.deliveries().list("failed", 10));
        } finally {
            server.close();
        }
    }

    @Test
    void theDatabaseGoneDuringTheStartUpPassRefusesWritesOnlyUntilItAnswersAgain() throws Exception {
        InetSocketAddress at = freePort();
        EmbeddedMongo[] server = {EmbeddedMongo.standalone(dir, at)};
        String job = jobId("s1", "warm");
        try (Store store = StoreFactory.shared(uri(at), "warm")) {
            Processor p = new Processor(
                    StoreAwayTest::rulesOrFail, store, new ManualClock(waybill.store.StoreTestSupport.T0));
            assertTrue(p.submit(create(job, "c1")).accepted());
        }
        AtomicBoolean killed = new AtomicBoolean();
        AtomicLong nanos = new AtomicLong();
        Runnable killOnce = () -> {
            if (killed.compareAndSet(false, true)) {
                server[0].close(); // the database goes away as the start-up pass begins
            }
        };
        try (Store store = StoreFactory.shared(uri(at), "warm", null, nanos::get, killOnce)) {
            Processor p = new Processor(
                    StoreAwayTest::rulesOrFail, store, new ManualClock(waybill.store.StoreTestSupport.T0));
            Supplier<Boolean> refused = () -> {
                try {
                    p.submit(create(jobId("s1", "during"), "c2"));
                    return false;
                } catch (StoreUnavailableException e) {
                    return true;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            await().atMost(GENEROUS).until(killed::get);
            assertTrue(refused.get(), "with the database away while warming, a write is refused (503)");

            server[0] = EmbeddedMongo.standalone(dir, at);
            await().atMost(GENEROUS).until(() -> {
                nanos.addAndGet(Reachability.PROBE_NANOS);
                return !store.warming();
            });
            assertTrue(p.submit(create(jobId("s1", "after"), "c3")).accepted(), "writes resume without a restart");
            assertEquals(1, store.find(job).orElseThrow().getVersion());
        } finally {
            server[0].close();
        }
    }

    private static InetSocketAddress freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }

    private static String uri(InetSocketAddress at) {
        return "mongodb://127.0.0.1:" + at.getPort();
    }

    private static waybill.engine.Rulebook rulesOrFail() {
        try {
            return rules();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

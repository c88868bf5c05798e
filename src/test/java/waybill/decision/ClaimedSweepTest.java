package waybill.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import waybill.engine.Rulebook;
import waybill.store.DueClaims;
import waybill.store.JobStore;
import waybill.store.MemoryStore;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/** The sweep of an instance sharing its store fires a claimed batch's jobs in parallel, not one after another. */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClaimedSweepTest {
    @Test
    void aClaimedBatchsJobsAreFiredInParallel() throws Exception {
        Rulebook rb = rules();
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        Processor p = new Processor(() -> rb, store, clock);
        int jobs = 4;
        List<DueClaims.Claim> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String job = jobId("s1", "claimed-" + i);
            var next = p.submit(create(job, "c")).job().nextDeadline().orElseThrow();
            batch.add(new DueClaims.Claim(new Due(job, next.getName(), next.getAt()), "n1", T0.plusSeconds(10)));
        }
        // each firing's write waits until every job of the batch is being written: only in parallel do they meet
        CountDownLatch together = new CountDownLatch(jobs);
        AtomicBoolean met = new AtomicBoolean(true);
        JobStore meeting = (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("write")) {
                        together.countDown();
                        if (!together.await(30, TimeUnit.SECONDS)) {
                            met.set(false);
                        }
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<DueClaims.Claim> released = new ArrayList<>();
        DueClaims claims = new DueClaims() {
            private boolean handedOut;

            @Override
            public synchronized List<Claim> claim(Instant now, int max, String node, Duration lease) {
                if (handedOut) {
                    return List.of();
                }
                handedOut = true;
                return batch;
            }

            @Override
            public synchronized void release(Claim claim) {
                released.add(claim);
            }
        };
        Decisions decisions = new Decisions(() -> rb, meeting, clock, new Metrics(store, clock), () -> "n1");
        Instant later = batch.get(0).due().at().plus(Duration.ofDays(1));
        clock.set(later);

        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(Decisions.SWEEP_THREADS); // a service's timer pool
        try {
            assertEquals(jobs, new ClaimedSweep(claims, decisions, () -> "n1", pool).fire(later));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(met.get(), "the batch's firings were written at the same time");
        assertEquals(jobs, released.size(), "every claim released");
        for (DueClaims.Claim c : batch) {
            assertEquals(2, store.history(c.due().jobId()).size(), "created, then its timer fired: " + c.due());
        }
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.timers.ManualClock;

/**
 * A job's turn is held for decide and write, not for the commit: the job's next fact is decided on the
 * written state while the first waits. When the commit covering the first fails, both fail, and the store
 * refuses writes from then on. A sweep, likewise, decides its due jobs while their commits run, and
 * answers once they are done.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PipelinedCommitTest {
    @Test
    void aFailedCommitFailsThePipelinedFactsBehindItAndStopsTheStore(@TempDir Path dir) throws Exception {
        AtomicBoolean failNext = new AtomicBoolean();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MongoStore store = held(dir, failNext, committing, fail, true)) {
            Rulebook rulebook = rules();
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            String job = jobId("s1", "pipelined");
            long v0 = p.submit(create(job, "c1")).job().getVersion();

            failNext.set(true);
            Future<Decision> first = pool.submit(() -> p.submit(update(job, "u1", "{\"tags\": {\"k\": \"1\"}}")));
            assertTrue(committing.await(20, TimeUnit.SECONDS), "the first fact's commit has started");
            Future<Decision> second = pool.submit(() -> p.submit(update(job, "u2", "{\"tags\": {\"k\": \"2\"}}")));
            // the second fact is decided and written while the first one's commit is still running
            Awaitility.await("the second fact decided on the uncommitted first")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> store.find(job).orElseThrow().getVersion() >= v0 + 2);
            assertEquals(v0 + 2, store.find(job).orElseThrow().getVersion(), "decided on the uncommitted first");
            assertEquals("2", store.find(job).orElseThrow().getTags().get("k"));
            assertFalse(first.isDone(), "the first answer waits for its commit");
            assertFalse(second.isDone(), "the second answer waits for its commit");

            fail.countDown();
            assertFailed(first);
            assertFailed(second);
            assertFalse(store.healthy(), "the store says it cannot write");
            assertThrows(
                    waybill.store.StoreUnavailableException.class,
                    () -> p.submit(update(job, "u3", "{\"tags\": {\"k\": \"3\"}}")),
                    "later writes are refused");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSweepDecidesEveryDueJobWhileTheCommitsAreHeldAndAnswersOnceTheyAreDone(@TempDir Path dir) throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService sweepPool = Executors.newFixedThreadPool(4);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (MongoStore store = held(dir, hold, committing, release, false)) {
            Rulebook rulebook = rules();
            ManualClock clock = new ManualClock(T0);
            Processor p = new Processor(() -> rulebook, store, clock, sweepPool);
            int jobs = 40;
            for (int i = 0; i < jobs; i++) {
                p.submit(create(jobId("s1", "due" + i), "c" + i)); // each with its creating expiry
            }
            hold.set(true);
            Future<java.util.List<Decision>> swept =
                    caller.submit(() -> p.fireDue(T0.plus(java.time.Duration.ofDays(30))));
            assertTrue(committing.await(20, TimeUnit.SECONDS), "the first firing's commit has started");
            // four threads decide all forty jobs' timers while no commit has returned
            Awaitility.await("every due job decided while the commits are held")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> java.util.stream.IntStream.range(0, jobs)
                            .allMatch(i -> store.find(jobId("s1", "due" + i))
                                    .map(j -> j.getVersion() >= 2)
                                    .orElse(true))); // the expiry may delete the job
            assertFalse(swept.isDone(), "the sweep answers once its commits are done");
            release.countDown();
            java.util.List<Decision> fired = swept.get(60, TimeUnit.SECONDS);
            assertEquals(
                    jobs,
                    fired.stream().map(Decision::jobId).distinct().count(),
                    "every job's timer fired and answered");
            assertTrue(p.fireDue(T0.plus(java.time.Duration.ofDays(30))).isEmpty(), "none fires twice");
        } finally {
            sweepPool.shutdownNow();
            caller.shutdownNow();
        }
    }

    /**
     * The embedded store whose commits, while {@code hold} is set, say so on {@code committing} and wait for
     * {@code release}; then fail ({@code fail}: "disk gone") or commit.
     */
    private static MongoStore held(
            Path dir, AtomicBoolean hold, CountDownLatch committing, CountDownLatch release, boolean fail) {
        return StoreFactory.embedded(
                dir,
                ReadModel.Kind.SINGLE_WRITER,
                commit -> () -> {
                    if (hold.get()) {
                        committing.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (fail) {
                            throw new IllegalStateException("disk gone");
                        }
                    }
                    commit.run();
                },
                java.util.function.UnaryOperator.identity(),
                () -> {});
    }

    private static void assertFailed(Future<Decision> f) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertTrue(
                e.getCause() instanceof waybill.store.StoreUnavailableException,
                e.getCause().toString());
        assertTrue(e.getCause().getCause() instanceof IllegalStateException, "the commit's own failure is its cause");
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.timers.ManualClock;

/**
 * Acknowledged means on disk: the embedded store answers a fact only after an fsync that began once the
 * fact's write was done, and it syncs once per group commit, not once per write.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SyncedAcknowledgementTest {
    @Test
    void anAnswerWaitsForTheSyncThatCoversItsWrite(@TempDir Path dir) throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger synced = new AtomicInteger();
        UnaryOperator<Runnable> sync = fsync -> () -> {
            if (hold.get()) {
                syncing.countDown();
                await(release);
            }
            fsync.run();
            synced.incrementAndGet();
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (MongoStore store =
                StoreFactory.embedded(dir, ReadModel.Kind.SINGLE_WRITER, UnaryOperator.identity(), sync, () -> {})) {
            Rulebook rulebook = rules();
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            String job = jobId("s1", "synced");
            p.submit(create(job, "c1"));

            hold.set(true);
            Future<Decision> answer = pool.submit(() -> p.submit(update(job, "u1", "{\"tags\": {\"k\": \"1\"}}")));
            assertTrue(syncing.await(30, TimeUnit.SECONDS), "the commit covering the fact reached its fsync");
            int before = synced.get();
            assertFalse(answer.isDone(), "no answer while the fsync covering the write has not returned");

            release.countDown();
            assertEquals("1", answer.get(30, TimeUnit.SECONDS).job().getTags().get("k"));
            assertTrue(synced.get() > before, "the answer came after the fsync returned");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void everyConcurrentAnswerFollowsASyncBegunAfterItsWriteAndSyncsAreShared(@TempDir Path dir) throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        UnaryOperator<Runnable> sync = fsync -> () -> {
            started.incrementAndGet();
            fsync.run();
            finished.incrementAndGet();
        };
        int writers = 16;
        int perWriter = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (MongoStore store =
                StoreFactory.embedded(dir, ReadModel.Kind.SINGLE_WRITER, UnaryOperator.identity(), sync, () -> {})) {
            Rulebook rulebook = rules();
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            List<Future<List<String>>> results = new ArrayList<>();
            int syncsBefore = started.get();
            for (int w = 0; w < writers; w++) {
                String job = jobId("s1", "writer-" + w);
                results.add(pool.submit(() -> {
                    List<String> uncovered = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        // the committer syncs one at a time: a sync begun after this point is the n+1th
                        int begunBefore = started.get();
                        if (i == 0) {
                            p.submit(create(job, "c"));
                        } else {
                            p.submit(update(job, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}"));
                        }
                        if (finished.get() <= begunBefore) {
                            uncovered.add(job + " fact " + i);
                        }
                    }
                    return uncovered;
                }));
            }
            for (Future<List<String>> r : results) {
                assertEquals(List.of(), r.get(90, TimeUnit.SECONDS), "answered before a sync covering the write");
            }
            int syncs = started.get() - syncsBefore;
            assertTrue(syncs >= 1, "at least one sync");
            assertTrue(
                    syncs < writers * perWriter,
                    "one sync per group commit, shared by concurrent writers: " + syncs + " syncs for "
                            + writers * perWriter + " facts");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

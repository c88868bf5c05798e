package waybill.rulesops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.rulesops.history.Trigger;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/**
 * A retime runs on its own thread: the reload answers at once, and while the retime is held in the middle
 * of moving a job, facts on other jobs are decided and kept.
 */
class RetimeBehindServingTest {
    @TempDir
    Path dir;

    @Test
    void factsOnOtherJobsAreDecidedWhileARetimeIsUnderWay() throws Exception {
        ManualClock clock = new ManualClock(RetimerResumeTest.T0);
        MemoryStore store = new MemoryStore();
        Path rules = TestServer.copyRules(dir);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        CountDownLatch moving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            RulesHolder holder = RulesHolder.load(rules, null, clock).named(() -> "node-a");
            Processor processor = new Processor(holder, store, clock);
            for (String job : RetimerResumeTest.JOBS) {
                processor.submit(create(job, "c-" + job));
                processor.submit(update(job, "s-" + job, "{\"properties\": {\"state\": \"Shipping\"}}"));
            }
            clock.set(RetimerResumeTest.T0.plus(Duration.ofDays(10)));
            Path limits = rules.resolve("limits.drl");
            Files.writeString(
                    limits,
                    Files.readString(limits)
                            .replace(
                                    "packageArrivalWait() { return \"P14D\"; }",
                                    "packageArrivalWait() { return \"P21D\"; }"));
            Function<Fact, Decision> held = f -> {
                moving.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return processor.submit(f);
            };
            holder.retimeWith(new Retimer(store, held, clock, thread));

            assertTrue(holder.reload(Trigger.API, true, "ada", true).activated());
            assertTrue(moving.await(60, TimeUnit.SECONDS), "the retime reached its first move");
            assertEquals("moving", holder.retimer().progress().state());

            String other = RetimerResumeTest.id(9);
            assertTrue(processor.submit(create(other, "c-other")).accepted(), "decided while the retime waits");
            assertTrue(store.find(other).isPresent());

            release.countDown();
            Retimer.Progress done = RetimerResumeTest.await(holder.retimer(), "done");
            assertEquals(3, done.jobsMoved(), done.toString());
            assertTrue(
                    store.history(other).stream().noneMatch(h -> h.factType().equals("RulesChanged")),
                    "the job created meanwhile was decided under the new rules: nothing of it moves");
        } finally {
            release.countDown();
            thread.shutdownNow();
        }
    }
}

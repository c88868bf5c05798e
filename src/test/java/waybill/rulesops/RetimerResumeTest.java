package waybill.rulesops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
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
 * A retime stopped halfway (the process died after the first job's move) is finished by the instance that
 * activated it when it starts again: every job moved once. Another instance never runs it. One that
 * finished is recorded as finished and not gone through again.
 */
class RetimerResumeTest {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final List<String> JOBS = List.of(id(0), id(1), id(2));

    @TempDir
    Path dir;

    @Test
    void aRetimeStoppedHalfwayIsFinishedAtTheNextStartOfTheInstanceThatActivatedIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        Path rules = TestServer.copyRules(dir);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            RulesHolder first = RulesHolder.load(rules, null, clock).named(() -> "node-a");
            first.keepIn(store.activations());
            Processor processor = shipThenWidenThePackageWait(first, store, clock, rules);

            // the process dies after the first job's move
            AtomicInteger submitted = new AtomicInteger();
            Function<Fact, Decision> dying = f -> {
                if (submitted.incrementAndGet() > 1) {
                    throw new IllegalStateException("killed");
                }
                return processor.submit(f);
            };
            first.retimeWith(new Retimer(store, dying, clock, thread));
            first.reload(Trigger.API, false, "ada", true);
            await(first.retimer(), "failed");
            assertEquals(1, moved(store), "one job moved before the crash");

            // another instance starting on the same store does not run it
            RulesHolder other = RulesHolder.load(rules, null, clock).named(() -> "node-b");
            other.keepIn(store.activations());
            Retimer otherRetimer = new Retimer(store, new Processor(other, store, clock)::submit, clock, thread);
            otherRetimer.resume(other, "node-b");
            assertNull(otherRetimer.progress());

            // the instance that activated it starts again and finishes it
            RulesHolder again = RulesHolder.load(rules, null, clock).named(() -> "node-a");
            again.keepIn(store.activations());
            Retimer resumed = new Retimer(store, new Processor(again, store, clock)::submit, clock, thread);
            resumed.resume(again, "node-a");
            Retimer.Progress done = await(resumed, "done");
            assertEquals(2, done.jobsMoved(), done.toString());
            assertEquals(JOBS.size(), moved(store), "each job moved once");
            for (String job : JOBS) {
                assertEquals(
                        T0.plus(Duration.ofDays(21)),
                        store.find(job).orElseThrow().getDeadlines().get(0).getAt());
            }
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aRetimeThatFinishedIsRecordedSoTheNextStartDoesNotGoThroughTheJobsAgain() throws Exception {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        Path rules = TestServer.copyRules(dir);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            RulesHolder first = RulesHolder.load(rules, null, clock).named(() -> "node-a");
            first.keepIn(store.activations());
            Processor processor = shipThenWidenThePackageWait(first, store, clock, rules);
            first.retimeWith(new Retimer(store, processor::submit, clock, thread));
            first.reload(Trigger.API, false, "ada", true);
            assertEquals(JOBS.size(), await(first.retimer(), "done").jobsMoved());
            var asked = first.current();
            assertTrue(store.activations().retimeFinished(asked.revision(), asked.activatedAt()));

            // the instance that activated it starts again: the newest activation still asks for a retime
            RulesHolder again = RulesHolder.load(rules, null, clock).named(() -> "node-a");
            again.keepIn(store.activations());
            AtomicInteger submitted = new AtomicInteger();
            Retimer restarted = new Retimer(
                    store,
                    f -> {
                        submitted.incrementAndGet();
                        return processor.submit(f);
                    },
                    clock,
                    thread);
            restarted.resume(again, "node-a");
            assertNull(restarted.progress(), "no retime started");
            assertEquals(0, submitted.get());
            assertEquals(JOBS.size(), moved(store), "each job moved once");
        } finally {
            thread.shutdownNow();
        }
    }

    static String id(int i) {
        return jobId("aaaaaaaa-0000-0000-0000-000000000001", "job" + i);
    }

    static long moved(MemoryStore store) {
        return JOBS.stream()
                .flatMap(j -> store.history(j).stream())
                .filter(h -> h.factType().equals("RulesChanged"))
                .count();
    }

    /** Every job of {@link #JOBS} created and shipped at T0; ten days later the package wait becomes 21 days. */
    private static Processor shipThenWidenThePackageWait(
            RulesHolder rulesHolder, MemoryStore store, ManualClock clock, Path rules) throws Exception {
        Processor processor = new Processor(rulesHolder, store, clock);
        for (String job : JOBS) {
            processor.submit(create(job, "c-" + job));
            processor.submit(update(job, "s-" + job, "{\"properties\": {\"state\": \"Shipping\"}}"));
        }
        clock.set(T0.plus(Duration.ofDays(10)));
        Path limits = rules.resolve("limits.drl");
        Files.writeString(
                limits,
                Files.readString(limits)
                        .replace(
                                "packageArrivalWait() { return \"P14D\"; }",
                                "packageArrivalWait() { return \"P21D\"; }"));
        return processor;
    }

    static Retimer.Progress await(Retimer retimer, String state) {
        return Awaitility.await("the retime reaches " + state)
                .atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(retimer::progress, p -> p != null && state.equals(p.state()));
    }
}

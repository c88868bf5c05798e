package waybill.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.RulesChanged;
import waybill.job.DeadlineName;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/** The preview of moving open jobs' deadlines under new rules, and its application, once per activation. */
class RetimingTest {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static Rulebook current;
    static Rulebook threeWeeks;
    static Rulebook oneWeek;

    @BeforeAll
    static void load() throws Exception {
        current = RulebookLoader.load(Path.of("rules"), T0);
        threeWeeks = withWait("P21D");
        oneWeek = withWait("P7D");
    }

    @AfterAll
    static void retire() {
        List.of(current, threeWeeks, oneWeek).forEach(RulebookLoader::retire);
    }

    static Rulebook withWait(String wait) throws Exception {
        Map<String, String> files = new TreeMap<>(current.texts());
        files.put(
                "limits.drl",
                files.get("limits.drl")
                        .replace(
                                "packageArrivalWait() { return \"P14D\"; }",
                                "packageArrivalWait() { return \"" + wait + "\"; }"));
        return RulebookLoader.compile(files, T0);
    }

    /** Three jobs shipped at T0, T0+1d and T0+2d, and one left in Creating; the clock at T0+10d. */
    static void shipped(ManualClock clock, Processor processor) {
        try {
            for (int i = 0; i < 4; i++) {
                clock.set(T0.plus(Duration.ofDays(i)));
                processor.submit(create(id(i), "c" + i));
                if (i < 3) {
                    processor.submit(update(id(i), "s" + i, "{\"properties\": {\"state\": \"Shipping\"}}"));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        clock.set(T0.plus(Duration.ofDays(10)));
    }

    static String id(int i) {
        return jobId("aaaaaaaa-0000-0000-0000-000000000001", "job" + i);
    }

    @Test
    void aLongerWaitListsEachShippedJobsPackageDeadlineAndItsShift() {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        shipped(clock, new Processor(() -> current, store, clock));

        Retiming.Plan plan = Retiming.plan(threeWeeks, store.openJobFacts(), store::find, clock.instant());

        assertEquals(4, plan.jobsChecked(), plan.lines().toString());
        assertEquals(3, plan.jobsMoved());
        assertEquals(3, plan.deadlinesMoved());
        assertEquals(0, plan.movedIntoThePast());
        assertEquals("P7D", plan.smallestShift());
        assertEquals("P7D", plan.largestShift());
        Retiming.Move first = plan.moves().get(0);
        assertEquals(DeadlineName.PackageArrival, first.deadline());
        assertEquals(T0.plus(Duration.ofDays(14)), first.from());
        assertEquals(T0.plus(Duration.ofDays(21)), first.to());
        assertTrue(plan.leftAlone().isEmpty(), plan.leftAlone().toString());
    }

    @Test
    void aShorterWaitCountsTheMovesThatWouldAlreadyBePast() {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        shipped(clock, new Processor(() -> current, store, clock));

        Retiming.Plan plan = Retiming.plan(oneWeek, store.openJobFacts(), store::find, clock.instant());

        assertEquals(3, plan.deadlinesMoved());
        assertEquals(3, plan.movedIntoThePast()); // shipped T0..T0+2d, a week is over by T0+10d
        assertEquals("-P7D", plan.smallestShift());
    }

    @Test
    void theSameRulesMoveNothing() {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        shipped(clock, new Processor(() -> current, store, clock));

        Retiming.Plan plan = Retiming.plan(current, store.openJobFacts(), store::find, clock.instant());

        assertEquals(0, plan.deadlinesMoved(), plan.lines().toString());
    }

    @Test
    void applyingTheSameActivationTwiceMovesEachJobOnce() {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        Processor processor = new Processor(() -> threeWeeks, store, clock);
        shipped(clock, new Processor(() -> current, store, clock));
        Retiming.Plan plan = Retiming.plan(threeWeeks, store.openJobFacts(), store::find, clock.instant());
        String key = RulesChanged.key(threeWeeks.revision(), clock.instant());
        List<RulesChanged> facts =
                Retiming.facts(plan, current.revision(), threeWeeks.revision(), key, "ops-ann", clock.instant());

        List<Decision> first = Retiming.apply(facts, processor::submit);
        long versionAfter = store.find(id(0)).orElseThrow().getVersion();
        List<RulesChanged> again =
                Retiming.facts(plan, current.revision(), threeWeeks.revision(), key, "ops-ann", clock.instant());
        Retiming.apply(again, processor::submit);

        assertEquals(3, first.size());
        assertTrue(first.stream().allMatch(Decision::accepted));
        assertEquals(
                T0.plus(Duration.ofDays(21)),
                store.find(id(0)).orElseThrow().getDeadlines().get(0).getAt());
        assertEquals(versionAfter, store.find(id(0)).orElseThrow().getVersion(), "the repeat changed nothing");
        assertEquals(
                1,
                store.history(id(0)).stream()
                        .filter(h -> h.factType().equals("RulesChanged"))
                        .count());
        // and a plan made after the move finds nothing left to move
        assertEquals(
                0,
                Retiming.plan(threeWeeks, store.openJobFacts(), store::find, clock.instant())
                        .deadlinesMoved());
    }
}

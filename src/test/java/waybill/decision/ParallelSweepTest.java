package waybill.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.TimerFired;
import waybill.store.HistoryEntry;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * The parallel sweep on the embedded store: 40 jobs with timers an hour apart, half of them in Shipping
 * (two timers each within 60 days: the package never arrives, then no response), half in Creating (they
 * expire). Moving the clock 60 days at once fires what sixty one-day moves fire, in the same order, and
 * leaves every job with the same history.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ParallelSweepTest {
    /** Different jobs' timers fired in parallel, as a service's pool fires them. */
    private static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newFixedThreadPool(Decisions.SWEEP_THREADS);

    @org.junit.jupiter.api.AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    static final int JOBS = 40;

    @Test
    void sixtyDaysAtOnceEqualSixtyOneDayMoves(@TempDir Path once, @TempDir Path daily) throws Exception {
        Rulebook rulebook = rules();
        List<String> firedOnce;
        List<String> firedDaily = new ArrayList<>();
        List<List<String>> historyOnce;
        List<List<String>> historyDaily;
        try (Store store = StoreFactory.embedded(once)) {
            Processor p = seed(rulebook, store);
            firedOnce = describe(p.fireDue(T0.plus(Duration.ofDays(60))));
            historyOnce = histories(store);
        }
        try (Store store = StoreFactory.embedded(daily)) {
            Processor p = seed(rulebook, store);
            for (int day = 1; day <= 60; day++) {
                firedDaily.addAll(describe(p.fireDue(T0.plus(Duration.ofDays(day)))));
            }
            historyDaily = histories(store);
        }
        assertEquals(JOBS / 2 * 3, firedOnce.size(), "20 expiries, 20 packages never arrived, 20 left unanswered");
        assertEquals(firedDaily, firedOnce, "the same timers, at the same instants, in the same order");
        assertEquals(historyDaily, historyOnce, "every job has the same history");
        assertTrue(
                historyOnce
                        .get(1)
                        .contains("TimerFired@" + T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(1))
                                + " Shipping->Shipping"),
                historyOnce.get(1).toString());
    }

    private static Processor seed(Rulebook rulebook, Store store) throws Exception {
        ManualClock clock = new ManualClock(T0);
        Processor p = new Processor(() -> rulebook, store, clock, POOL);
        for (int i = 0; i < JOBS; i++) {
            clock.set(T0.plus(Duration.ofHours(i)));
            String job = jobId("s1", "sweep" + i);
            assertTrue(p.submit(create(job, "c" + i)).accepted());
            if (i % 2 == 1) {
                assertTrue(p.submit(update(job, "u" + i, "{\"properties\": {\"state\": \"Shipping\"}}"))
                        .accepted());
            }
        }
        return p;
    }

    private static List<String> describe(List<Decision> fired) {
        List<String> out = new ArrayList<>();
        for (Decision d : fired) {
            out.add(d.jobId() + " " + ((TimerFired) d.fact()).getName() + "@" + d.at());
        }
        return out;
    }

    private static List<List<String>> histories(Store store) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            List<String> h = new ArrayList<>();
            for (HistoryEntry e : store.history(jobId("s1", "sweep" + i))) {
                h.add(e.factType() + "@" + e.at() + " " + e.stateBefore() + "->" + e.stateAfter());
            }
            out.add(h);
        }
        return out;
    }
}

package waybill.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/**
 * Decides recorded facts again, in memory, under a rulebook: each fact at its own instant, with the
 * timers that fall due between them fired on the way (the recorded TimerFired facts are skipped: the
 * rulebook under test sets its own deadlines). Nothing is persisted.
 */
public final class Rehearsal {
    private Rehearsal() {}

    public static List<Decision> run(Rulebook rulebook, List<Fact> facts, Instant until) {
        List<Decision> decisions = new ArrayList<>();
        if (facts.isEmpty()) {
            return decisions;
        }
        ManualClock clock = new ManualClock(facts.get(0).getAt());
        MemoryStore store = new MemoryStore();
        Processor processor = new Processor(() -> rulebook, store, clock);
        for (Fact fact : facts) {
            if (fact instanceof TimerFired) {
                continue;
            }
            decisions.addAll(processor.fireDue(fact.getAt()));
            clock.set(fact.getAt());
            decisions.add(processor.submit(fact));
        }
        decisions.addAll(processor.fireDue(until));
        return decisions;
    }
}

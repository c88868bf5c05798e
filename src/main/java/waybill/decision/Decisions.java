package waybill.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.process.Store;

/** The service's door to the rules: submit (through the Processor, counted), dry-run one fact (nothing kept), fire due timers. */
public final class Decisions {
    private final Processor processor;
    private final Clock clock;
    private final Metrics metrics;

    public Decisions(Supplier<Rulebook> rules, Store store, Clock clock, Metrics metrics) {
        this.processor = new Processor(rules, store, clock);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Decides a fact and commits what is accepted. */
    public Decision submit(Fact fact) {
        Decision d = processor.submit(fact);
        metrics.decided(d, clock.instant());
        return d;
    }

    /** Decides a fact against the job as stored, and keeps nothing. */
    public Decision dryRun(Fact fact) {
        return processor.dryRun(fact);
    }

    /** Fires, in time order, every timer due at or before {@code until}. */
    public List<Decision> fireDue(Instant until) {
        List<Decision> fired = processor.fireDue(until);
        Instant now = clock.instant();
        fired.forEach(d -> metrics.decided(d, now));
        return fired;
    }
}

package waybill.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.Decision;
import waybill.engine.RuleFailure;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.store.JobStore;

/**
 * The service's door to the rules: submit (through the Processor, counted), dry-run one fact (nothing
 * kept), fire due timers. A decision the rules could not make ({@link RuleFailure}) is logged, counted
 * and kept in {@link #troubles()}, then answered by the HTTP layer's error handler.
 */
public final class Decisions {
    private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);
    private final Processor processor;
    private final Clock clock;
    private final Metrics metrics;
    private final RuleTroubles troubles = new RuleTroubles();
    private final List<java.util.function.Consumer<Decision>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Decisions(Supplier<Rulebook> rules, JobStore store, Clock clock, Metrics metrics) {
        this(rules, store, clock, metrics, () -> null);
    }

    /** @param node this service instance's name, written on every decision it makes ({@code decidedBy}) */
    public Decisions(Supplier<Rulebook> rules, JobStore store, Clock clock, Metrics metrics, Supplier<String> node) {
        this.processor = new Processor(rules, store, clock, DueJobs.of(store), node);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Decides a fact and commits what is accepted. */
    public Decision submit(Fact fact) {
        Decision d;
        try {
            d = processor.submit(fact);
        } catch (RuleFailure f) {
            throw noted(f, fact);
        }
        metrics.decided(d, clock.instant());
        listeners.forEach(l -> l.accept(d));
        return d;
    }

    /** Decides a fact against the job as stored, and keeps nothing. */
    public Decision dryRun(Fact fact) {
        try {
            return processor.dryRun(fact);
        } catch (RuleFailure f) {
            throw noted(f, fact);
        }
    }

    /** Fires, in time order, every timer due at or before {@code until}. */
    public List<Decision> fireDue(Instant until) {
        List<Decision> fired;
        try {
            fired = processor.fireDue(until);
        } catch (RuleFailure f) {
            throw noted(f, null);
        }
        Instant now = clock.instant();
        fired.forEach(d -> metrics.decided(d, now));
        fired.forEach(d -> listeners.forEach(l -> l.accept(d)));
        return fired;
    }

    /** Fires one due timer at its own instant (a claimed one: {@link ClaimedSweep}). */
    public Decision fire(waybill.timers.Due due) {
        Decision d;
        try {
            d = processor.fire(due);
        } catch (RuleFailure f) {
            throw noted(f, null);
        }
        metrics.decided(d, clock.instant());
        listeners.forEach(l -> l.accept(d));
        return d;
    }

    /** Calls {@code listener} after every decision made and kept (not dry runs), in this thread. */
    public void onDecided(java.util.function.Consumer<Decision> listener) {
        listeners.add(listener);
    }

    /** The decisions the rules could not make since start. */
    public RuleTroubles troubles() {
        return troubles;
    }

    /** A decision the rules could not make: logged, counted, kept for /ops/rules; the caller answers it. */
    private RuleFailure noted(RuleFailure f, Fact fact) {
        String jobId = fact == null ? null : fact.getJobId();
        LOG.warn(
                "rules revision {} could not decide {} for {}: {}",
                f.revision(),
                fact == null ? "a due timer" : fact.getType(),
                jobId == null ? "a job" : jobId,
                f.getMessage());
        troubles.record(f, clock.instant(), jobId, fact == null ? "TimerFired" : fact.getType());
        metrics.ruleFailed(f);
        return f;
    }
}

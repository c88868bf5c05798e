package waybill.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.Decision;
import waybill.engine.RuleFailure;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.DeadlineName;
import waybill.store.JobStore;
import waybill.timers.Due;

/**
 * The service's door to the rules: submit (through the Processor, counted), dry-run one fact (nothing
 * kept), fire due timers. A decision the rules could not make ({@link RuleFailure}) is logged, counted
 * and kept in {@link #troubles()}, then answered by the HTTP layer's error handler.
 */
public final class Decisions {
    private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);
    /** The threads of a service's timer pool, jobs fired at once: enough to fill a group commit, few enough not to crowd out requests. */
    public static final int SWEEP_THREADS = 16;

    private final Processor processor;
    private final Clock clock;
    private final Metrics metrics;
    private final RuleTroubles troubles = new RuleTroubles();
    private final TimerIncidents incidents;
    private final List<java.util.function.Consumer<Decision>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Decisions(Supplier<Rulebook> rules, JobStore store, Clock clock, Metrics metrics) {
        this(rules, store, clock, metrics, () -> null);
    }

    /** @param node this service instance's name, written on every decision it makes ({@code decidedBy}) */
    public Decisions(Supplier<Rulebook> rules, JobStore store, Clock clock, Metrics metrics, Supplier<String> node) {
        this(rules, store, clock, metrics, node, DueSweep.INLINE);
    }

    /** @param sweepPool fires different jobs' due timers in parallel (the service's timer pool, owned by its caller) */
    public Decisions(
            Supplier<Rulebook> rules,
            JobStore store,
            Clock clock,
            Metrics metrics,
            Supplier<String> node,
            java.util.concurrent.Executor sweepPool) {
        this.processor = new Processor(rules, store, clock, DueJobs.of(store), node, sweepPool);
        this.clock = clock;
        this.metrics = metrics;
        this.incidents = new TimerIncidents(clock, () -> rules.get().revision(), (due, f) -> noted(f, timer(due)));
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

    /**
     * Fires, in time order, every timer due at or before {@code until}. A timer the rules fail to decide
     * does not stop the others: it is answered among the failures and retried with backoff, then parked
     * as an incident ({@link TimerIncidents}).
     */
    public Swept fireDue(Instant until) {
        Swept swept = processor.fireDue(until, incidents);
        Instant now = clock.instant();
        swept.fired().forEach(d -> metrics.decided(d, now));
        swept.fired().forEach(d -> listeners.forEach(l -> l.accept(d)));
        return swept;
    }

    /**
     * Fires one claimed due timer at its own instant ({@link ClaimedSweep}) unless it waits for a retry or
     * is parked; a failure is noted as for {@link #fireDue}. The decision, or empty when none was made.
     */
    public Optional<Decision> fire(Due due) {
        if (!incidents.mayFire(due)) {
            return Optional.empty();
        }
        Decision d;
        try {
            d = processor.fire(due);
        } catch (RuleFailure f) {
            incidents.failed(due, f);
            return Optional.empty();
        }
        incidents.fired(due);
        metrics.decided(d, clock.instant());
        listeners.forEach(l -> l.accept(d));
        return Optional.of(d);
    }

    /**
     * An operator's retry of a failing timer ({@link TimerIncidents#find}): fired now, under the rules in
     * use. The failure as it stands after the try, or empty when the timer fired (or no such id).
     */
    public Optional<TimerIncidents.Failure> retry(String id) {
        Optional<TimerIncidents.Failure> failing = incidents.retryNow(id);
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        TimerIncidents.Failure f = failing.get();
        Due due = new Due(f.jobId(), DeadlineName.fromWire(f.deadline()), f.due());
        fire(due);
        return incidents.list().stream().filter(x -> x.id().equals(id)).findFirst();
    }

    /** The timers the rules failed to decide: retrying, or parked as incidents. */
    public TimerIncidents incidents() {
        return incidents;
    }

    /** Calls {@code listener} after every decision made and kept (not dry runs), in this thread. */
    public void onDecided(java.util.function.Consumer<Decision> listener) {
        listeners.add(listener);
    }

    /** The decisions the rules could not make since start. */
    public RuleTroubles troubles() {
        return troubles;
    }

    private static TimerFired timer(Due due) {
        TimerFired t = new TimerFired(due.jobId(), due.name());
        t.setAt(due.at());
        return t;
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

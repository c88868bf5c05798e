package waybill.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.Job;
import waybill.store.JobStore;
import waybill.store.StaleJobException;
import waybill.timers.Due;

/**
 * The walk of one fact: load the job, decide, commit, answer. Also fires due timers, each at its own
 * instant and in time order, so a long advance of the clock equals many short ones.
 */
public final class Processor {
    private static final int MAX_ATTEMPTS = 50;
    private static final int STRIPES = 256;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    private final Supplier<Rulebook> rulebook;
    private final JobStore store;
    private final Clock clock;
    private final DueSweep sweep;
    /** The service instance that decides, written on every decision (null: none, as in a replay). */
    private final Supplier<String> node;

    /** Due timers fired one job after another on the caller's thread (a replay, a rehearsal). */
    public Processor(Supplier<Rulebook> rulebook, JobStore store, Clock clock) {
        this(rulebook, store, clock, DueSweep.INLINE);
    }

    /** @param sweepPool fires different jobs' due timers in parallel; the caller owns it */
    public Processor(Supplier<Rulebook> rulebook, JobStore store, Clock clock, Executor sweepPool) {
        this(rulebook, store, clock, DueJobs.of(store), () -> null, sweepPool);
    }

    /**
     * @param due which jobs' timers to fire next: the store's answer, or a claim shared with other instances
     * @param node the name of this service instance, stamped on each decision as {@code decidedBy}
     * @param sweepPool fires different jobs' due timers in parallel; the caller owns it
     */
    public Processor(
            Supplier<Rulebook> rulebook,
            JobStore store,
            Clock clock,
            DueJobs due,
            Supplier<String> node,
            Executor sweepPool) {
        this.rulebook = rulebook;
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.sweep = new DueSweep(store, due, this::fire, sweepPool);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /** Decides a fact at its own instant (or now), commits what was accepted, and answers the decision. */
    public Decision submit(Fact fact) {
        // No look-up of the factId first: the store refuses a second decision with the same factId at
        // commit (a unique key), and the answer is then the first decision (see attempt). Saves a read per fact.
        // Writers on one job take turns in this process: without it, many concurrent writers on one job
        // lose the optimistic race over and over (livelock). The version check still guards other instances.
        // The turn is held for decide and write, not for the durable wait: the job's next fact is decided on
        // this one's written state while this one waits for its commit (JobStore.write). If that commit
        // fails, every write after it fails too, so nothing unacknowledged is built on.
        // A lost race (another instance wrote the job first) is retried after a short random pause, taken
        // without the turn: unrelated jobs on the same stripe go on meanwhile.
        ReentrantLock lock = stripe(fact.getJobId());
        Instant at = at(fact);
        Rulebook rules = rulebook.get();
        Outcome outcome;
        for (int attempt = 1; ; attempt++) {
            lock.lock();
            try {
                outcome = attempt(fact, at, rules, attempt);
            } finally {
                lock.unlock();
            }
            if (outcome != null) {
                break;
            }
            pause(fact, attempt);
        }
        outcome.written().awaitDurable();
        return outcome.decision();
    }

    /** A decision and the wait for the write that keeps it (none for a refusal or an earlier decision). */
    private record Outcome(Decision decision, JobStore.Written written) {
        static Outcome answered(Decision d) {
            return new Outcome(d, JobStore.Written.DURABLE);
        }
    }

    private ReentrantLock stripe(String jobId) {
        return stripes[Math.floorMod(jobId == null ? 0 : jobId.hashCode(), stripes.length)];
    }

    /** One try: the decision, or null when another writer won the race and it is to be decided again. */
    private Outcome attempt(Fact fact, Instant at, Rulebook rules, int attempt) {
        Job current = store.find(fact.getJobId()).orElse(null);
        Decision decision = Engine.decide(rules, current, fact, at).withDecidedBy(node.get());
        if (!decision.accepted()) {
            store.refused(decision);
            // the same factId may have been accepted concurrently: the first decision is the answer
            if (fact.getFactId() != null) {
                Optional<Decision> first = store.decided(fact.getJobId(), fact.getFactId());
                if (first.isPresent()) {
                    return Outcome.answered(first.get());
                }
            }
            return Outcome.answered(decision);
        }
        try {
            return new Outcome(decision, store.write(decision));
        } catch (StaleJobException e) {
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException(e.getMessage() + " " + attempt + " times in a row", e);
            }
            if (fact.getFactId() != null) {
                Optional<Decision> raced = store.decided(fact.getJobId(), fact.getFactId());
                if (raced.isPresent()) {
                    return Outcome.answered(raced.get());
                }
            }
            return null;
        }
    }

    /** Another instance won: back off a little, randomly, before deciding again. */
    private static void pause(Fact fact, int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 20)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying " + fact.getJobId(), interrupted);
        }
    }

    /** Decides a fact against the job as stored, at its own instant (or now), and keeps nothing. */
    public Decision dryRun(Fact fact) {
        return Engine.decide(rulebook.get(), store.find(fact.getJobId()).orElse(null), fact, at(fact))
                .withDecidedBy(node.get());
    }

    /** The one place the instant of a fact is decided: its own, when it carries one, else the clock's now. */
    private Instant at(Fact fact) {
        return fact.getAt() != null ? fact.getAt() : clock.instant();
    }

    /**
     * Decides every timer due at or before {@code until}: each job's in time order, each at its own instant,
     * different jobs in parallel ({@link DueSweep}); answered in time order.
     */
    public List<Decision> fireDue(Instant until) {
        return sweep.fireDue(until);
    }

    /**
     * Decides every timer due at or before {@code until}, a timer the rules fail to decide noted in
     * {@code incidents} (retried with backoff, then parked) while every other fires.
     */
    public Swept fireDue(Instant until, TimerIncidents incidents) {
        return sweep.fireDue(until, incidents);
    }

    /** Decides one due timer at its own instant. */
    public Decision fire(Due due) {
        TimerFired timer = new TimerFired(due.jobId(), due.name());
        timer.setAt(due.at());
        return submit(timer);
    }
}

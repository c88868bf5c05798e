package waybill.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
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

    private final Turn[] turns = new Turn[STRIPES];

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
        this.sweep = new DueSweep(store, due, this::fireWritten, sweepPool);
        for (int i = 0; i < STRIPES; i++) {
            turns[i] = new Turn();
        }
    }

    /** Decides a fact at its own instant (or now), commits what was accepted, and answers the decision. */
    public Decision submit(Fact fact) {
        Outcome outcome = written(fact);
        outcome.written().awaitDurable();
        return outcome.decision();
    }

    /** Decides a fact and writes what was accepted; the caller waits for its commit. */
    private Outcome written(Fact fact) {
        // No look-up of the factId first: the store refuses a second decision with the same factId at
        // commit (a unique key), and the answer is then the first decision (see settle). Saves a read per fact.
        // Writers on one job take turns in this process: without it, many concurrent writers on one job
        // lose the optimistic race over and over (livelock). The version check still guards other instances.
        // The holder of a turn decides every fact waiting for it, in the order they came, each on the job
        // the one before left, and writes them in one go (Turn). The turn is held for decide and write, not
        // for the durable wait: the job's next facts are decided on this written state while it waits for
        // its commit (JobStore.write). If that commit fails, every write after it fails too, so nothing
        // unacknowledged is built on.
        // A lost race (another instance wrote the job first) is retried after a short random pause, taken
        // without the turn: unrelated jobs on the same stripe go on meanwhile.
        Waiter me = new Waiter(fact, at(fact), rulebook.get());
        Turn turn = turns[
                Math.floorMod(fact.getJobId() == null ? 0 : fact.getJobId().hashCode(), STRIPES)];
        for (me.attempt = 1; ; me.attempt++) {
            turn.take(me, this::decide);
            if (me.error != null) {
                throw me.error;
            }
            if (me.outcome != null) {
                break;
            }
            pause(fact, me.attempt);
        }
        return me.outcome;
    }

    /** A decision and the wait for the write that keeps it (none for a refusal or an earlier decision). */
    record Outcome(Decision decision, JobStore.Written written) {
        static Outcome answered(Decision d) {
            return new Outcome(d, JobStore.Written.DURABLE);
        }
    }

    /** Decides, in a turn, the facts waiting for it: each job's in the order they came. */
    private void decide(List<Waiter> waiting) {
        Map<String, List<Waiter>> byJob = new LinkedHashMap<>();
        for (Waiter w : waiting) {
            byJob.computeIfAbsent(w.fact.getJobId(), id -> new ArrayList<>()).add(w);
        }
        for (List<Waiter> one : byJob.values()) {
            try {
                for (int i = 0; i < one.size(); ) {
                    i += decideRun(one, i);
                }
            } catch (RuntimeException e) { // the job could not be read: its facts not yet settled fail with it
                one.stream().filter(w -> w.outcome == null && w.error == null).forEach(w -> w.error = e);
            }
        }
    }

    /**
     * Decides one job's waiting facts from {@code from} on the job as stored, each on the job the one before
     * left, while each is an accepted change of the job, and writes them in one go. Answers how many facts it
     * settled: a refusal, a new job or a deletion is settled alone; those after the one it stopped before (or
     * after one found stale) are decided again on what it wrote.
     */
    private int decideRun(List<Waiter> one, int from) {
        Job current = store.find(one.get(from).fact.getJobId()).orElse(null);
        List<Decision> chain = new ArrayList<>();
        for (int i = from; i < one.size(); i++) {
            Waiter w = one.get(i);
            Decision d;
            try {
                d = Engine.decide(w.rules, current, w.fact, w.at).withDecidedBy(node.get());
            } catch (RuntimeException e) {
                if (chain.isEmpty()) {
                    w.error = e;
                    return 1;
                }
                break;
            }
            boolean follows = d.accepted() && d.before() != null && d.keepsJob();
            if (chain.isEmpty() && !follows) {
                settle(w, d);
                return 1;
            } else if (!follows) {
                break;
            }
            chain.add(d);
            current = d.job();
        }
        if (chain.size() == 1) {
            settle(one.get(from), chain.get(0));
            return 1;
        }
        List<JobStore.Written> written;
        try {
            written = store.write(chain);
        } catch (RuntimeException e) {
            one.subList(from, from + chain.size()).forEach(w -> w.error = e);
            return chain.size();
        }
        for (int k = 0; k < written.size(); k++) {
            one.get(from + k).outcome = new Outcome(chain.get(k), written.get(k));
        }
        if (written.size() == chain.size()) {
            return chain.size();
        }
        Waiter w = one.get(from + written.size()); // stale; those after it are decided again in this turn
        try {
            w.outcome = stale(w, new StaleJobException(w.fact.getJobId()));
        } catch (RuntimeException e) {
            w.error = e;
        }
        return written.size() + 1;
    }

    /** Settles one decision: keeps a refusal, writes an acceptance; a lost race leaves it to be decided again. */
    private void settle(Waiter w, Decision decision) {
        Fact fact = w.fact;
        try {
            if (!decision.accepted()) {
                store.refused(decision);
                // the same factId may have been accepted concurrently: the first decision is the answer
                Optional<Decision> first =
                        fact.getFactId() == null ? Optional.empty() : store.decided(fact.getJobId(), fact.getFactId());
                w.outcome = Outcome.answered(first.orElse(decision));
                return;
            }
            try {
                w.outcome = new Outcome(decision, store.write(decision));
            } catch (StaleJobException e) {
                w.outcome = stale(w, e);
            }
        } catch (RuntimeException e) {
            w.error = e;
        }
    }

    /** A write found the job changed or the factId decided: the first decision, or null to decide again. */
    private Outcome stale(Waiter w, StaleJobException e) {
        if (w.attempt >= MAX_ATTEMPTS) {
            throw new IllegalStateException(e.getMessage() + " " + w.attempt + " times in a row", e);
        }
        if (w.fact.getFactId() != null) {
            Optional<Decision> raced = store.decided(w.fact.getJobId(), w.fact.getFactId());
            if (raced.isPresent()) {
                return Outcome.answered(raced.get());
            }
        }
        return null;
    }

    /** A fact waiting for its job's turn, and what its turn made of it. */
    private static final class Waiter {
        final Fact fact;
        final Instant at;
        final Rulebook rules;
        int attempt;
        /** The decision and its write; null after a turn: decided again. */
        Outcome outcome;

        RuntimeException error;
        boolean done;

        Waiter(Fact fact, Instant at, Rulebook rules) {
            this.fact = fact;
            this.at = at;
            this.rules = rules;
        }
    }

    /**
     * A stripe of jobs' turn. A fact joins the queue; if no one holds the turn, its caller takes it and
     * decides every fact queued by then (its own among them), in order; the others wait until theirs is
     * decided, or until the turn is free and theirs is not (then one of them takes it).
     */
    private static final class Turn {
        private final List<Waiter> queued = new ArrayList<>();
        private boolean held;

        void take(Waiter me, java.util.function.Consumer<List<Waiter>> decide) {
            List<Waiter> mine;
            boolean interrupted = false;
            synchronized (this) {
                me.outcome = null;
                me.error = null;
                me.done = false;
                queued.add(me);
                while (held && !me.done) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // a fact in a turn must learn its fate
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (me.done) {
                    return;
                }
                held = true;
                mine = new ArrayList<>(queued);
                queued.clear();
            }
            try {
                decide.accept(mine);
            } catch (Error e) {
                mine.stream()
                        .filter(w -> w.outcome == null && w.error == null)
                        .forEach(w -> w.error = new IllegalStateException("deciding failed", e));
                throw e;
            } finally {
                synchronized (this) {
                    held = false;
                    mine.forEach(w -> w.done = true);
                    notifyAll();
                }
            }
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
        return submit(timer(due));
    }

    /** Decides one due timer at its own instant and writes it; the sweep waits for the commits at its end. */
    private Outcome fireWritten(Due due) {
        return written(timer(due));
    }

    private static TimerFired timer(Due due) {
        TimerFired timer = new TimerFired(due.jobId(), due.name());
        timer.setAt(due.at());
        return timer;
    }
}

package waybill.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import waybill.engine.Decision;
import waybill.engine.RuleFailure;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.store.JobStore;
import waybill.timers.Due;

/**
 * Fires due timers, different jobs in parallel (a bounded pool), each job's timers one after another in
 * time order, each at its own instant, on the pool it is given (the service's, made by its composition
 * root; a replay's or a rehearsal's runs inline, on the caller's thread). Jobs are independent (a decision reads and writes one job), so the
 * outcome is the one of firing every timer one by one in time order: a clock moved 60 days at once equals
 * sixty one-day moves. The answer is in that order too (instant, then job id). The cost follows the due
 * jobs: {@link DueJobs} hands out only jobs that are due. Parallel firings' decisions meet in the store's
 * grouped inserts and commits, which is what makes a large sweep fast; a firing does not wait for its
 * commit (the job's next timer is decided on the written state, as a job's next fact is): the batch's
 * commits are waited for once every job of it is decided, before any of its decisions is answered.
 */
final class DueSweep {
    /** Jobs asked for at a time. */
    private static final int BATCH = 256;

    /** Runs each task on the caller's thread: a sweep with no pool of its own fires one job after another. */
    static final Executor INLINE = Runnable::run;

    private static final Comparator<Decision> TIME_ORDER =
            Comparator.comparing(Decision::at).thenComparing(Decision::jobId);

    private final JobStore store;
    private final DueJobs due;
    private final Function<Due, Processor.Outcome> fire;
    private final Executor pool;

    DueSweep(JobStore store, DueJobs due, Function<Due, Processor.Outcome> fire, Executor pool) {
        this.store = store;
        this.due = due;
        this.fire = fire;
        this.pool = pool;
    }

    /** Fires every timer due at or before {@code until}; the decisions in time order. A rule that fails throws. */
    List<Decision> fireDue(Instant until) {
        return fireDue(until, null).fired();
    }

    /**
     * Fires every timer due at or before {@code until}. With {@code incidents}, a timer the rules fail to
     * decide is noted there and its job's later timers wait, while every other job's fire; a timer waiting
     * for its retry is passed over. Without, the first failure throws once the batch has ended.
     */
    Swept fireDue(Instant until, TimerIncidents incidents) {
        List<Decision> fired = new ArrayList<>();
        List<TimerIncidents.Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        while (true) {
            List<String> jobs = due.next(until, BATCH);
            if (jobs.isEmpty()) {
                break;
            }
            List<Future<List<Processor.Outcome>>> running = new ArrayList<>();
            for (String jobId : jobs) {
                running.add(submit(pool, () -> {
                    try {
                        return fireJob(jobId, until, incidents, failures);
                    } finally {
                        due.done(jobId);
                    }
                }));
            }
            int before = fired.size();
            RuntimeException failed = null;
            for (Future<List<Processor.Outcome>> f : running) {
                try {
                    for (Processor.Outcome o : join(f)) {
                        o.written().awaitDurable(); // a batch's commits, waited for once it is decided
                        fired.add(o.decision());
                    }
                } catch (RuntimeException e) {
                    failed =
                            failed == null ? e : failed; // every job of the batch ends before the first failure is told
                }
            }
            if (failed != null) {
                throw failed;
            }
            if (fired.size() == before) {
                break; // due, but nothing fired: a timer no decision clears would otherwise spin
            }
        }
        fired.sort(TIME_ORDER); // stable: a job's own decisions keep their order
        return new Swept(fired, List.copyOf(failures));
    }

    /** Every timer of one job due by {@code until}, earliest first, each decided at its own instant. */
    private List<Processor.Outcome> fireJob(
            String jobId, Instant until, TimerIncidents incidents, List<TimerIncidents.Failure> failures) {
        List<Processor.Outcome> out = new ArrayList<>();
        Deadline last = null;
        while (true) {
            Job job = store.find(jobId).orElse(null);
            Deadline next = job == null ? null : job.nextDeadline().orElse(null);
            if (next == null || next.getAt().isAfter(until) || same(next, last)) {
                return out;
            }
            Due due = new Due(jobId, next.getName(), next.getAt());
            if (incidents == null) {
                out.add(fire.apply(due));
            } else if (!incidents.mayFire(due)) {
                return out; // waits for its retry, or parked: the job's later timers wait behind it
            } else {
                try {
                    out.add(fire.apply(due));
                    incidents.fired(due);
                } catch (RuleFailure f) {
                    failures.add(incidents.failed(due, f));
                    return out;
                }
            }
            last = next;
        }
    }

    private static boolean same(Deadline a, Deadline b) {
        return b != null && a.getName() == b.getName() && a.getAt().equals(b.getAt());
    }

    /** Runs {@code task} on {@code pool} (inline: before this returns); its answer or failure in the future. */
    static <T> Future<T> submit(Executor pool, java.util.concurrent.Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        pool.execute(f);
        return f;
    }

    static <T> T join(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // a firing in flight must still be answered
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("firing a due timer failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

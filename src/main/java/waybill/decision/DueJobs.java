package waybill.decision;

import java.time.Instant;
import java.util.List;
import waybill.store.JobStore;

/**
 * Which jobs' due timers a sweep fires next. The sweep ({@link DueSweep}) asks for a batch, fires every
 * timer of each job that is due (in time order, each at its own instant, different jobs in parallel), and
 * says when it is done with a job. Here the store answers; instances sharing a store can answer with a
 * claim (a lease on each job's due timers) instead, so that two instances do not sweep the same job.
 */
public interface DueJobs {
    /**
     * At most {@code max} jobs with a timer due at or before {@code until}, earliest first. A job handed out
     * is this sweep's until {@link #done}; an empty answer ends the sweep.
     */
    List<String> next(Instant until, int max);

    /** The sweep has fired every timer of the job due by its {@code until}, or given up on it. */
    default void done(String jobId) {}

    /** The store's own answer: {@link JobStore#dueJobs}. */
    static DueJobs of(JobStore store) {
        return store::dueJobs;
    }
}

package waybill.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.timers.Due;

/** What processing facts needs from storage. The MongoDB store (embedded or shared) and {@link MemoryStore} implement it. */
public interface JobStore {
    /** The job as last committed, or empty (also for a job deleted automatically). */
    Optional<Job> find(String jobId);

    /**
     * A decision already made on this job for this factId, if the fact was submitted before. A factId is
     * unique per job (the fact names its job), so the same factId on two jobs is two facts.
     */
    Optional<Decision> decided(String jobId, String factId);

    /**
     * Makes an accepted decision durable: the job (or its deletion), the history entry and the actions.
     * Returns only once it is committed. Throws {@link StaleJobException} when another writer changed the
     * job since {@code decision.before()} was read, or when the fact's factId was already decided on the job: nothing
     * was written; the caller answers {@link #decided} or decides again.
     */
    void commit(Decision decision) throws StaleJobException;

    /**
     * Writes an accepted decision as {@link #commit} does, but returns before it is durable: the next
     * {@link #find} of the job already sees it, so the job's next fact can be decided on it while this one
     * waits for its commit ({@link Written#awaitDurable}). A store without a separate commit is durable on
     * return. If the commit covering this write fails, so does every write after it, and the store stops.
     */
    default Written write(Decision decision) throws StaleJobException {
        commit(decision);
        return Written.DURABLE;
    }

    /**
     * Writes one job's accepted decisions, each decided on the job the one before left, as {@link #write}
     * does, in one round trip where the store can. Answers the writes made, in order: fewer than given when
     * the next one was stale (as {@link #write} throws), and nothing after it was written.
     */
    default List<Written> write(List<Decision> chain) {
        List<Written> written = new java.util.ArrayList<>();
        try {
            for (Decision d : chain) {
                written.add(write(d));
            }
        } catch (StaleJobException stale) {
            // the rest was decided on it: not written
        }
        return written;
    }

    /** A write made; {@link #awaitDurable} returns once it is durable and throws if it never will be. */
    interface Written {
        Written DURABLE = () -> {};

        void awaitDurable();
    }

    /** Records a refused decision for idempotency and history (the first decision of a factId stays); changes no job. */
    default void refused(Decision decision) {}

    /** The earliest due deadline of any job at or before {@code until}, if any. */
    Optional<Due> nextDue(Instant until);

    /**
     * At most {@code max} jobs with a deadline due at or before {@code until}, earliest first (ties by job
     * id), each once. A store that only knows the earliest answers that one.
     */
    default List<String> dueJobs(Instant until, int max) {
        return nextDue(until).map(d -> List.of(d.jobId())).orElse(List.of());
    }
}

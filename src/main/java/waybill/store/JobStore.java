package waybill.store;

import java.time.Instant;
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

    /** Records a refused decision for idempotency and history (the first decision of a factId stays); changes no job. */
    default void refused(Decision decision) {}

    /** The earliest due deadline of any job at or before {@code until}, if any. */
    Optional<Due> nextDue(Instant until);
}

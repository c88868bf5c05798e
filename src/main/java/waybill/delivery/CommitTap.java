package waybill.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import waybill.engine.Decision;
import waybill.store.JobStore;
import waybill.store.StaleJobException;
import waybill.timers.Due;

/**
 * The one hook into the write path: a {@link JobStore} that, once a decision is committed (durable and
 * about to be answered), queues it for the outbox. It adds no write and no I/O to the commit; the store
 * underneath is untouched.
 */
public final class CommitTap implements JobStore {
    private final JobStore store;
    private final Deliveries deliveries;
    private final Clock clock;

    public CommitTap(JobStore store, Deliveries deliveries, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public Optional<waybill.job.Job> find(String jobId) {
        return store.find(jobId);
    }

    @Override
    public Optional<Decision> decided(String factId) {
        return store.decided(factId);
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        store.commit(decision);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        deliveries.committed(decision, at);
    }

    @Override
    public void refused(Decision decision) {
        store.refused(decision);
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        return store.nextDue(until);
    }
}

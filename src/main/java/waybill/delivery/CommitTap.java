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
    public Optional<Decision> decided(String jobId, String factId) {
        return store.decided(jobId, factId);
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        store.commit(decision);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        deliveries.committed(decision, at);
    }

    /** Pipelined: the decision is queued for the outbox once the commit covering it is durable. */
    @Override
    public Written write(Decision decision) throws StaleJobException {
        return tapped(store.write(decision), decision);
    }

    @Override
    public java.util.List<Written> write(java.util.List<Decision> chain) {
        java.util.List<Written> written = store.write(chain);
        return java.util.stream.IntStream.range(0, written.size())
                .mapToObj(i -> tapped(written.get(i), chain.get(i)))
                .toList();
    }

    private Written tapped(Written written, Decision decision) {
        return () -> {
            written.awaitDurable();
            deliveries.committed(decision, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        };
    }

    @Override
    public java.util.List<String> dueJobs(Instant until, int max) {
        return store.dueJobs(until, max);
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

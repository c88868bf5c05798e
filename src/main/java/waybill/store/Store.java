package waybill.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.rulesops.history.ActivationLog;

/** Everything the service keeps: jobs, their decision history, and the operators' action queue. */
public interface Store extends JobStore, AutoCloseable {
    /**
     * Jobs the customer created in a subscription (and resource group, when given), optionally in one
     * state, ordered by id, starting after the id {@code after} (null: from the first), at most {@code top}.
     */
    List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top);

    /** Every decision on a job, oldest first. */
    List<HistoryEntry> history(String jobId);

    /**
     * Every job the store still keeps (not deleted), in id order, with the facts decided on it, oldest first,
     * the refusals it kept (those with a factId) included, each carrying the instant it was decided at. For
     * dry runs of a candidate rulebook: nothing is written. A job's personal data is removed only when it is
     * deleted, so these facts are as submitted (a refused fact is kept without its personal data). A store
     * that cannot enumerate its jobs answers {@link UnsupportedOperationException}.
     */
    default Map<String, List<Fact>> openJobFacts() {
        Map<String, List<Fact>> out = new LinkedHashMap<>();
        forEachOpenJob(out::put);
        return out;
    }

    /**
     * The same jobs and facts as {@link #openJobFacts}, handed to {@code each} one job at a time in id
     * order, so a caller going through every open job holds one job's facts at a time (a store that reads
     * from outside the process pages through its jobs).
     */
    default void forEachOpenJob(BiConsumer<String, List<Fact>> each) {
        throw new UnsupportedOperationException(describe() + " cannot list its jobs' facts");
    }

    /** The operators' views' reads (see {@link OpsReads}); a store without them answers {@link UnsupportedOperationException}. */
    default OpsReads opsReads() {
        throw new UnsupportedOperationException(describe() + " does not serve the operators' views");
    }

    /** Actions with a status (open, done), or all when status is null, oldest first. */
    List<ActionRecord> actions(String status);

    /** Marks an action done, recording the name of the key that completed it (null: none); empty when there is no such action. */
    Optional<ActionRecord> completeAction(String id, Instant at, String by);

    /** Where rulebook activations are kept: beyond the process on MongoDB, in memory by the memory store. */
    ActivationLog activations();

    /** True while the store still reads what it keeps in memory behind serving (its answers are current). */
    default boolean warming() {
        return false;
    }

    /** The outbox (see {@link DeliveryLog}); a store that keeps none answers {@link UnsupportedOperationException}. */
    default DeliveryLog deliveries() {
        throw new UnsupportedOperationException(describe() + " keeps no deliveries");
    }

    /**
     * True when other service instances may write this store too (a MongoDB they share): every instance
     * then follows the newest rules activation kept in it (docs/operations.md).
     */
    default boolean shared() {
        return false;
    }

    /** Leases on due timers for the instances sharing this store to split the sweep; empty: one instance sweeps all. */
    default Optional<DueClaims> dueClaims() {
        return Optional.empty();
    }

    /** The online backup of everything the store keeps; empty for a store that offers none. */
    default Optional<Backup> backup() {
        return Optional.empty();
    }

    /** True when the store answers. */
    boolean healthy();

    /** A description for logs and /health, e.g. "embedded (data/waybill.mv.db)" or the MongoDB hosts. */
    String describe();

    @Override
    void close();
}

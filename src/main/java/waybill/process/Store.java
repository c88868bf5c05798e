package waybill.process;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import waybill.job.Job;

/** Everything the service keeps: jobs, their decision history, and the operators' action queue. */
public interface Store extends JobStore, AutoCloseable {
    /**
     * Jobs the customer created in a subscription (and resource group, when given), optionally in one
     * state, ordered by id, starting after the id {@code after} (null: from the first), at most {@code top}.
     */
    List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top);

    /** Every decision on a job, oldest first. */
    List<HistoryEntry> history(String jobId);

    /** Actions with a status (open, done), or all when status is null, oldest first. */
    List<ActionRecord> actions(String status);

    /** Marks an action done; empty when there is no such action. */
    Optional<ActionRecord> completeAction(String id, Instant at);

    /** True when the store answers. */
    boolean healthy();

    /** A description for logs and /health, e.g. "embedded (data/waybill.mv.db)" or the MongoDB hosts. */
    String describe();

    @Override
    void close();
}

package waybill.store;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import waybill.engine.Decision;
import waybill.job.Job;

/**
 * What the operators' views read from a store beyond the decision path: every job once (for the board
 * kept in memory), a job's accepted decisions (history and time travel), and, on a store other instances
 * write to as well, the board itself from the store's indexes.
 */
public interface OpsReads {
    /** Every job the store keeps (registered, not deleted), in id order: read once at start by the operators' board. */
    void forEachJob(Consumer<Job> each);

    /**
     * A job's accepted decisions, oldest first, each with the job as it stood before and after it (for the
     * operators' time travel); empty for a job that does not exist (a deleted job's are not answered).
     */
    List<Decision> decisions(String jobId);

    /** True when other instances write too: the board must then be asked of the store, not kept in memory. */
    default boolean shared() {
        return false;
    }

    /** The registered jobs the query matches, in id order, after its id, at most its page size. */
    default List<Job> board(JobQuery q) {
        throw new UnsupportedOperationException("this store's board is kept in memory");
    }

    /** How many registered jobs the query matches in each state (the query's own state aside). */
    default Map<String, Long> boardCounts(JobQuery q) {
        throw new UnsupportedOperationException("this store's board is kept in memory");
    }
}

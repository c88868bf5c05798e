package waybill.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import waybill.engine.Decision;

/**
 * The outbox: entries derived from committed decisions, their claims and outcomes, how far each job's
 * decisions have been turned into entries (a cursor per job), and the webhooks added through the API.
 * The decision log stays the commit point: nothing here is written before a decision is acknowledged.
 */
public interface DeliveryLog {
    /** Whether other instances share this log (then lapsed claims and underived decisions are looked for regularly). */
    default boolean shared() {
        return false;
    }

    /** A logged decision and the version it made. */
    record Committed(String jobId, long version, Decision decision) {}

    /**
     * Adds the entries that are not there yet (same id: kept as it is) and moves each job's cursor forward
     * to the version given (never back): those decisions need not be derived again. Answers the ids of the
     * entries added (an entry already there was derived by someone else, who holds its claim).
     */
    Set<String> record(Collection<Delivery> entries, Map<String, Long> cursors);

    /**
     * The logged decisions of every job that are past its cursor, in version order per job: what a crash
     * (or an instance that died) left underived. Answers nothing on a store that does not outlive the process.
     */
    List<Committed> underived();

    /** Sets every job's cursor to its current version: delivery starts from now, not from the whole log. */
    void baseline();

    /** Whether deliveries were running when the service last stopped (so the log is derived up to the cursors). */
    boolean running();

    /** Marks deliveries as running (derive from the cursors on) or not (a later start baselines again). */
    void running(boolean on);

    /** Pending entries whose claim has lapsed at {@code now} (any claim when {@code anyClaim}), oldest first. */
    List<Delivery> claimable(Instant now, boolean anyClaim, int limit);

    /** Takes over an entry, if it is still as read (same owner and lease): empty when someone else moved first. */
    Optional<Delivery> claim(Delivery read, String owner, Instant leaseUntil);

    /** Writes an attempt's outcome if {@code owner} still holds the claim; false when it lost it. */
    boolean update(Delivery after, String owner);

    /** Whether an entry of the same lane that must go first is still pending (held by any instance). */
    boolean earlierPending(Delivery d);

    /** Entries with a status (pending, sent, failed), or all when null, oldest first, at most {@code limit}. */
    List<Delivery> list(String status, int limit);

    Optional<Delivery> get(String id);

    /** A failed entry made pending again; empty when there is none with that id, unchanged when not failed. */
    Optional<Delivery> redeliver(String id, Instant now);

    /** The webhooks added through the API (the configuration file's are not kept here). */
    List<Webhook> webhooks();

    void addWebhook(Webhook w);

    boolean removeWebhook(String id);
}

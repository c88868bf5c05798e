package waybill.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry of the outbox: one event (a decision, or one action of it) for one target (a webhook, or the
 * operators' or the customer's mail). Its id derives from the event and the target, and the event's from
 * the decision ({@code jobId#version}), so deriving the entries of a decision again adds nothing twice.
 * {@code owner} and {@code leaseUntil} are the claim: the instance that sends it, and until when another
 * instance must leave it alone. {@code event} is the CloudEvents JSON as sent, without personal data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(
        String id,
        String eventId,
        String type,
        String target,
        String jobId,
        long seq,
        int index,
        String status,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant sentAt,
        @JsonIgnore String owner,
        @JsonIgnore Instant leaseUntil,
        @JsonIgnore String event) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    /** The order of a job's events: decisions by version, a decision's own event before its actions. */
    public int compareOrder(Delivery o) {
        int c = Long.compare(seq, o.seq);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    /** The entries that must go out in order: one target, one job. */
    @JsonIgnore
    public String lane() {
        return target + "|" + jobId;
    }

    public Delivery claimed(String by, Instant until) {
        return with(status, attempts, lastError, createdAt, nextAttemptAt, sentAt, by, until);
    }

    /** After an attempt: the new status, the count, the error (null when sent) and when to try again. */
    public Delivery attempted(String newStatus, String error, Instant next, Instant sent, Instant until) {
        return with(newStatus, attempts + 1, error, createdAt, next, sent, owner, until);
    }

    /** A failed entry made pending again by an operator: tried anew from now, its history of errors kept. */
    public Delivery redelivered(Instant now) {
        return with(PENDING, 0, lastError, now, now, null, null, now);
    }

    /** This entry with the fields that change once it is derived (status to lease) replaced; n: attempts. */
    private Delivery with(
            String state, int n, String error, Instant created, Instant next, Instant sent, String by, Instant until) {
        return new Delivery(
                id, eventId, type, target, jobId, seq, index, state, n, error, created, next, sent, by, until, event);
    }
}

package waybill.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import waybill.engine.Action;

/** An action in the operators' queue: what the rules asked for, and whether it is done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRecord(
        String id,
        String type,
        String jobId,
        List<String> driveIds,
        String reason,
        Instant dueAt,
        String status,
        String rule,
        String factId,
        Instant createdAt,
        Instant completedAt,
        String completedBy) {

    public static final String OPEN = "open";
    public static final String DONE = "done";

    /** The open queue entry of an action a decision asked for. */
    public static ActionRecord open(String id, Action a, String jobId, String factId, Instant createdAt) {
        return new ActionRecord(
                id,
                a.getType().name(),
                jobId,
                a.getDriveIds(),
                a.getReason(),
                a.getDueAt(),
                OPEN,
                a.getRule(),
                factId,
                createdAt,
                null,
                null);
    }

    /** This action, done at that instant by the key named {@code by} (null: a key without a name). */
    public ActionRecord done(Instant at, String by) {
        return new ActionRecord(id, type, jobId, driveIds, reason, dueAt, DONE, rule, factId, createdAt, at, by);
    }

    /** This action with another reason (its personal values erased). */
    public ActionRecord withReason(String text) {
        return new ActionRecord(
                id, type, jobId, driveIds, text, dueAt, status, rule, factId, createdAt, completedAt, completedBy);
    }
}

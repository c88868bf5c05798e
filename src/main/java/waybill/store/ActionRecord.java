package waybill.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

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

    /** An action nobody has completed by name (open, or completed before keys had names). */
    public ActionRecord(
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
            Instant completedAt) {
        this(id, type, jobId, driveIds, reason, dueAt, status, rule, factId, createdAt, completedAt, null);
    }

    public static final String OPEN = "open";
    public static final String DONE = "done";
}

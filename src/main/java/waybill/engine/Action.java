package waybill.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Work for operators, produced by a rule: what to do, about which drives, why, and by when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Action implements Stamped {
    private ActionType type;
    private List<String> driveIds;
    private String reason;
    private Instant dueAt;
    private String rule;

    public Action() {}

    public Action(ActionType type, List<String> driveIds, String reason, Instant dueAt) {
        this.type = type;
        this.driveIds = driveIds == null ? List.of() : List.copyOf(driveIds);
        this.reason = reason;
        this.dueAt = dueAt;
    }

    public ActionType getType() {
        return type;
    }

    public void setType(ActionType v) {
        type = v;
    }

    public List<String> getDriveIds() {
        return driveIds;
    }

    public void setDriveIds(List<String> v) {
        driveIds = v;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String v) {
        reason = v;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public void setDueAt(Instant v) {
        dueAt = v;
    }

    @Override
    public String getRule() {
        return rule;
    }

    @Override
    public void setRule(String v) {
        rule = v;
    }

    @Override
    public String toString() {
        return type + " " + driveIds + " due " + dueAt + ": " + reason;
    }
}

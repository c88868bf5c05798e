package waybill.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The job is to be deleted, with every trace of its personal data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Deletion implements Stamped {
    private String reason;
    private boolean automatic;
    private String rule;

    public Deletion() {}

    public Deletion(String reason, boolean automatic) {
        this.reason = reason;
        this.automatic = automatic;
    }

    public static Deletion automatic(String reason) {
        return new Deletion(reason, true);
    }

    public static Deletion requested(String reason) {
        return new Deletion(reason, false);
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String v) {
        reason = v;
    }

    public boolean isAutomatic() {
        return automatic;
    }

    public void setAutomatic(boolean v) {
        automatic = v;
    }

    @Override
    public String getRule() {
        return rule;
    }

    @Override
    public void setRule(String v) {
        rule = v;
    }
}

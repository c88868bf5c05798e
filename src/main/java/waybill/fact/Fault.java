package waybill.fact;

/** A job (or one of its drives, with driveId) failed to progress normally. */
public class Fault extends Fact implements DriveFact {
    private String driveId;
    private String reason;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String v) {
        reason = v;
    }
}

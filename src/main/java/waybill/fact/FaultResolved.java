package waybill.fact;

/** Operations resolved a fault; the job (or drive) leaves Faulted, for resumeState when given. */
public class FaultResolved extends Fact implements DriveFact {
    private String driveId;
    private String resumeState;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }

    public String getResumeState() {
        return resumeState;
    }

    public void setResumeState(String v) {
        resumeState = v;
    }
}

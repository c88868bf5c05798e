package waybill.fact;

/** How far the copy of one drive has come. */
public class DriveProgress extends Fact implements DriveFact {
    private String driveId;
    private Integer percentComplete;
    private Long bytesSucceeded;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }

    public Integer getPercentComplete() {
        return percentComplete;
    }

    public void setPercentComplete(Integer v) {
        percentComplete = v;
    }

    public Long getBytesSucceeded() {
        return bytesSucceeded;
    }

    public void setBytesSucceeded(Long v) {
        bytesSucceeded = v;
    }
}

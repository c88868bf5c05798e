package waybill.fact;

/** The copy of one drive finished, with so many errors, warnings and overwritten blobs. */
public class DriveTransferFinished extends Fact implements DriveFact {
    private String driveId;
    private Integer errorCount;
    private Integer warningCount;
    private Integer overwrittenBlobCount;
    private Long bytesSucceeded;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }

    public Integer getErrorCount() {
        return errorCount;
    }

    public void setErrorCount(Integer v) {
        errorCount = v;
    }

    public Integer getWarningCount() {
        return warningCount;
    }

    public void setWarningCount(Integer v) {
        warningCount = v;
    }

    public Integer getOverwrittenBlobCount() {
        return overwrittenBlobCount;
    }

    public void setOverwrittenBlobCount(Integer v) {
        overwrittenBlobCount = v;
    }

    public Long getBytesSucceeded() {
        return bytesSucceeded;
    }

    public void setBytesSucceeded(Long v) {
        bytesSucceeded = v;
    }

    /** Errors, warnings and overwritten blobs together: zero means a clean copy. */
    public int getIssueCount() {
        return n(errorCount) + n(warningCount) + n(overwrittenBlobCount);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}

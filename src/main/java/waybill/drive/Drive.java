package waybill.drive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One disk of a job. The engine inserts drives into the session next to their job; rules change them
 * with {@code modify}. State changes are recorded as transitions while a decision is being made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Drive {
    private String driveId;
    private DriveState state;
    private String bitLockerKey;
    private String manifestFile;
    private String manifestHash;
    private String driveHeaderHash;
    private String copyStatus;
    private int percentComplete;
    private String verboseLogUri;
    private String errorLogUri;
    private String manifestUri;
    private Long bytesSucceeded;
    private DriveState faultedFrom;
    private String faultReason;

    @JsonIgnore
    private transient DriveLog log;

    public Drive() {}

    public Drive(String driveId, DriveState state) {
        this.driveId = driveId;
        this.state = state;
    }

    public Drive copy() {
        Drive d = new Drive(driveId, state);
        d.bitLockerKey = bitLockerKey;
        d.manifestFile = manifestFile;
        d.manifestHash = manifestHash;
        d.driveHeaderHash = driveHeaderHash;
        d.copyStatus = copyStatus;
        d.percentComplete = percentComplete;
        d.verboseLogUri = verboseLogUri;
        d.errorLogUri = errorLogUri;
        d.manifestUri = manifestUri;
        d.bytesSucceeded = bytesSucceeded;
        d.faultedFrom = faultedFrom;
        d.faultReason = faultReason;
        return d;
    }

    /** True once the copy of this drive is over, with or without issues. */
    @JsonIgnore
    public boolean isCopied() {
        return state == DriveState.Completed || state == DriveState.CompletedMoreInfo;
    }

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }

    public DriveState getState() {
        return state;
    }

    public void setState(DriveState to) {
        if (log != null && to != state) {
            log.drive(driveId, state, to);
        }
        state = to;
    }

    public String getBitLockerKey() {
        return bitLockerKey;
    }

    public void setBitLockerKey(String v) {
        bitLockerKey = v;
    }

    public String getManifestFile() {
        return manifestFile;
    }

    public void setManifestFile(String v) {
        manifestFile = v;
    }

    public String getManifestHash() {
        return manifestHash;
    }

    public void setManifestHash(String v) {
        manifestHash = v;
    }

    public String getDriveHeaderHash() {
        return driveHeaderHash;
    }

    public void setDriveHeaderHash(String v) {
        driveHeaderHash = v;
    }

    public String getCopyStatus() {
        return copyStatus;
    }

    public void setCopyStatus(String v) {
        copyStatus = v;
    }

    public int getPercentComplete() {
        return percentComplete;
    }

    public void setPercentComplete(int v) {
        percentComplete = v;
    }

    public String getVerboseLogUri() {
        return verboseLogUri;
    }

    public void setVerboseLogUri(String v) {
        verboseLogUri = v;
    }

    public String getErrorLogUri() {
        return errorLogUri;
    }

    public void setErrorLogUri(String v) {
        errorLogUri = v;
    }

    public String getManifestUri() {
        return manifestUri;
    }

    public void setManifestUri(String v) {
        manifestUri = v;
    }

    public Long getBytesSucceeded() {
        return bytesSucceeded;
    }

    public void setBytesSucceeded(Long v) {
        bytesSucceeded = v;
    }

    public DriveState getFaultedFrom() {
        return faultedFrom;
    }

    public void setFaultedFrom(DriveState v) {
        faultedFrom = v;
    }

    public String getFaultReason() {
        return faultReason;
    }

    public void setFaultReason(String v) {
        faultReason = v;
    }

    public void attach(DriveLog log) {
        this.log = log;
    }
}

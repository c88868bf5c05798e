package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A drive as the REST API shows it ({@code DriveStatus}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriveStatus {
    private String driveId;
    private String bitLockerKey;
    private String manifestFile;
    private String manifestHash;
    private String driveHeaderHash;
    private String state;
    private String copyStatus;
    private Integer percentComplete;
    private String verboseLogUri;
    private String errorLogUri;
    private String manifestUri;
    private Long bytesSucceeded;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
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

    public String getState() {
        return state;
    }

    public void setState(String v) {
        state = v;
    }

    public String getCopyStatus() {
        return copyStatus;
    }

    public void setCopyStatus(String v) {
        copyStatus = v;
    }

    public Integer getPercentComplete() {
        return percentComplete;
    }

    public void setPercentComplete(Integer v) {
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
}

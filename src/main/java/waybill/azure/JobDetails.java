package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import waybill.job.EncryptionKey;
import waybill.job.Export;
import waybill.job.PackageInformation;
import waybill.job.ReturnAddress;
import waybill.job.ReturnShipping;
import waybill.job.ShippingInformation;

/**
 * The job's properties as the REST API defines them ({@code JobDetails}). Enumerations stay strings
 * here so that the rules, not the JSON parser, say what is wrong with a value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobDetails {
    private String storageAccountId;
    private String jobType;
    private ReturnAddress returnAddress;
    private ReturnShipping returnShipping;
    private ShippingInformation shippingInformation;
    private PackageInformation deliveryPackage;
    private PackageInformation returnPackage;
    private String diagnosticsPath;
    private String logLevel;
    private Boolean backupDriveManifest;
    private String state;
    private Boolean cancelRequested;
    private Integer percentComplete;
    private String incompleteBlobListUri;
    private List<DriveStatus> driveList;
    private Export export;
    private String provisioningState;
    private EncryptionKey encryptionKey;

    public String getStorageAccountId() {
        return storageAccountId;
    }

    public void setStorageAccountId(String v) {
        storageAccountId = v;
    }

    public String getJobType() {
        return jobType;
    }

    public void setJobType(String v) {
        jobType = v;
    }

    public ReturnAddress getReturnAddress() {
        return returnAddress;
    }

    public void setReturnAddress(ReturnAddress v) {
        returnAddress = v;
    }

    public ReturnShipping getReturnShipping() {
        return returnShipping;
    }

    public void setReturnShipping(ReturnShipping v) {
        returnShipping = v;
    }

    public ShippingInformation getShippingInformation() {
        return shippingInformation;
    }

    public void setShippingInformation(ShippingInformation v) {
        shippingInformation = v;
    }

    public PackageInformation getDeliveryPackage() {
        return deliveryPackage;
    }

    public void setDeliveryPackage(PackageInformation v) {
        deliveryPackage = v;
    }

    public PackageInformation getReturnPackage() {
        return returnPackage;
    }

    public void setReturnPackage(PackageInformation v) {
        returnPackage = v;
    }

    public String getDiagnosticsPath() {
        return diagnosticsPath;
    }

    public void setDiagnosticsPath(String v) {
        diagnosticsPath = v;
    }

    public String getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(String v) {
        logLevel = v;
    }

    public Boolean getBackupDriveManifest() {
        return backupDriveManifest;
    }

    public void setBackupDriveManifest(Boolean v) {
        backupDriveManifest = v;
    }

    public String getState() {
        return state;
    }

    public void setState(String v) {
        state = v;
    }

    public Boolean getCancelRequested() {
        return cancelRequested;
    }

    public void setCancelRequested(Boolean v) {
        cancelRequested = v;
    }

    public Integer getPercentComplete() {
        return percentComplete;
    }

    public void setPercentComplete(Integer v) {
        percentComplete = v;
    }

    public String getIncompleteBlobListUri() {
        return incompleteBlobListUri;
    }

    public void setIncompleteBlobListUri(String v) {
        incompleteBlobListUri = v;
    }

    public List<DriveStatus> getDriveList() {
        return driveList;
    }

    public void setDriveList(List<DriveStatus> v) {
        driveList = v;
    }

    public Export getExport() {
        return export;
    }

    public void setExport(Export v) {
        export = v;
    }

    public String getProvisioningState() {
        return provisioningState;
    }

    public void setProvisioningState(String v) {
        provisioningState = v;
    }

    public EncryptionKey getEncryptionKey() {
        return encryptionKey;
    }

    public void setEncryptionKey(EncryptionKey v) {
        encryptionKey = v;
    }
}

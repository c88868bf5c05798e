package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import waybill.job.PackageInformation;
import waybill.job.ReturnAddress;
import waybill.job.ReturnShipping;

/** The body of Jobs_Update: only these fields may change after creation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateJobParameters {
    private Map<String, String> tags;
    private Properties properties;

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> v) {
        tags = v;
    }

    public Properties getProperties() {
        return properties;
    }

    public void setProperties(Properties v) {
        properties = v;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Properties {
        private Boolean cancelRequested;
        private String state;
        private ReturnAddress returnAddress;
        private ReturnShipping returnShipping;
        private PackageInformation deliveryPackage;
        private String logLevel;
        private Boolean backupDriveManifest;
        private List<DriveStatus> driveList;

        public Boolean getCancelRequested() {
            return cancelRequested;
        }

        public void setCancelRequested(Boolean v) {
            cancelRequested = v;
        }

        public String getState() {
            return state;
        }

        public void setState(String v) {
            state = v;
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

        public PackageInformation getDeliveryPackage() {
            return deliveryPackage;
        }

        public void setDeliveryPackage(PackageInformation v) {
            deliveryPackage = v;
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

        public List<DriveStatus> getDriveList() {
            return driveList;
        }

        public void setDriveList(List<DriveStatus> v) {
            driveList = v;
        }
    }
}

package waybill.fact;

import java.util.List;

/** Drives left the data center for the return address; no driveIds means every drive still held. */
public class DrivesShippedBack extends Fact {
    private String carrierName;
    private String trackingNumber;
    private List<String> driveIds;

    public String getCarrierName() {
        return carrierName;
    }

    public void setCarrierName(String v) {
        carrierName = v;
    }

    public String getTrackingNumber() {
        return trackingNumber;
    }

    public void setTrackingNumber(String v) {
        trackingNumber = v;
    }

    public List<String> getDriveIds() {
        return driveIds;
    }

    public void setDriveIds(List<String> v) {
        driveIds = v;
    }
}

package waybill.fact;

import java.util.ArrayList;
import java.util.List;

/** A package reached the data center holding these drives; its job may be unknown or not Shipping. */
public class PackageArrived extends Fact {
    private List<String> driveIds = new ArrayList<>();
    private String carrierName;
    private String trackingNumber;

    public List<String> getDriveIds() {
        return driveIds;
    }

    public void setDriveIds(List<String> v) {
        driveIds = v == null ? new ArrayList<>() : v;
    }

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
}

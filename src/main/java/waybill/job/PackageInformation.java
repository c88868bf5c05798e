package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A shipment: the delivery package to the data center, or the return package. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackageInformation {
    private String carrierName;
    private String trackingNumber;
    private Integer driveCount;
    private String shipDate;

    public PackageInformation() {}

    public PackageInformation(String carrierName, String trackingNumber, Integer driveCount, String shipDate) {
        this.carrierName = carrierName;
        this.trackingNumber = trackingNumber;
        this.driveCount = driveCount;
        this.shipDate = shipDate;
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

    public Integer getDriveCount() {
        return driveCount;
    }

    public void setDriveCount(Integer v) {
        driveCount = v;
    }

    public String getShipDate() {
        return shipDate;
    }

    public void setShipDate(String v) {
        shipDate = v;
    }
}

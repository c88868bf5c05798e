package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The customer's carrier account for the return shipment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReturnShipping {
    private String carrierName;
    private String carrierAccountNumber;

    public String getCarrierName() {
        return carrierName;
    }

    public void setCarrierName(String v) {
        carrierName = v;
    }

    public String getCarrierAccountNumber() {
        return carrierAccountNumber;
    }

    public void setCarrierAccountNumber(String v) {
        carrierAccountNumber = v;
    }
}

package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The data center's address the customer ships drives to; filled in by the service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShippingInformation {
    private String recipientName;
    private String streetAddress1;
    private String streetAddress2;
    private String city;
    private String stateOrProvince;
    private String postalCode;
    private String countryOrRegion;
    private String phone;
    private String additionalInformation;

    public String getRecipientName() {
        return recipientName;
    }

    public void setRecipientName(String v) {
        recipientName = v;
    }

    public String getStreetAddress1() {
        return streetAddress1;
    }

    public void setStreetAddress1(String v) {
        streetAddress1 = v;
    }

    public String getStreetAddress2() {
        return streetAddress2;
    }

    public void setStreetAddress2(String v) {
        streetAddress2 = v;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String v) {
        city = v;
    }

    public String getStateOrProvince() {
        return stateOrProvince;
    }

    public void setStateOrProvince(String v) {
        stateOrProvince = v;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public void setPostalCode(String v) {
        postalCode = v;
    }

    public String getCountryOrRegion() {
        return countryOrRegion;
    }

    public void setCountryOrRegion(String v) {
        countryOrRegion = v;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String v) {
        phone = v;
    }

    public String getAdditionalInformation() {
        return additionalInformation;
    }

    public void setAdditionalInformation(String v) {
        additionalInformation = v;
    }
}

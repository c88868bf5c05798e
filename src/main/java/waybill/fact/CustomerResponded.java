package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The customer answered operations: ExtendWait (with extendDays), Cancel, AddressCorrected, JobUpdated,
 * or ReturnNotReceived (export drives that never reached the return address, or arrived damaged).
 * The fact keeps the response as sent, so that a rule refuses one it does not know with what was sent;
 * the rules read it typed ({@link #getResponse()}), null when it names no {@link CustomerResponse}.
 */
// stored facts keep the order they had when the response was a plain string
@JsonPropertyOrder({"factId", "jobId", "at", "response", "extendDays"})
public class CustomerResponded extends Fact {
    private String response;
    private Integer extendDays;

    /** The response, or null when none was sent or what was sent names none. */
    @JsonIgnore
    public CustomerResponse getResponse() {
        return CustomerResponse.of(response).orElse(null);
    }

    @JsonIgnore
    public void setResponse(CustomerResponse v) {
        response = v == null ? null : v.name();
    }
    /** The response as the request spelt it. */
    @JsonProperty("response")
    public String getResponseSent() {
        return response;
    }

    @JsonProperty("response")
    public void setResponseSent(String v) {
        response = v;
    }

    public Integer getExtendDays() {
        return extendDays;
    }

    public void setExtendDays(Integer v) {
        extendDays = v;
    }
}

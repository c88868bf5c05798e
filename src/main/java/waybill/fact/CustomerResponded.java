package waybill.fact;

/**
 * The customer answered operations: ExtendWait (with extendDays), Cancel, AddressCorrected, JobUpdated,
 * or ReturnNotReceived (export drives that never reached the return address, or arrived damaged).
 */
public class CustomerResponded extends Fact {
    private String response;
    private Integer extendDays;

    public String getResponse() { return response; }
    public void setResponse(String v) { response = v; }
    public Integer getExtendDays() { return extendDays; }
    public void setExtendDays(Integer v) { extendDays = v; }
}

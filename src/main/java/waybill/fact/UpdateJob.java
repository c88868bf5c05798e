package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import waybill.job.rest.UpdateJobParameters;

/** Jobs_Update: the customer changes properties, requests Shipping, or cancels. */
public class UpdateJob extends Fact {
    private UpdateJobParameters request;

    public UpdateJobParameters getRequest() { return request; }
    public void setRequest(UpdateJobParameters v) { request = v; }

    /** The request's properties; never null, so rules can test its fields directly. */
    @JsonIgnore
    public UpdateJobParameters.Properties getProperties() {
        return request == null || request.getProperties() == null
                ? new UpdateJobParameters.Properties() : request.getProperties();
    }

    @Override
    public boolean isCustomerCall() { return true; }
}

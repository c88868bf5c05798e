package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import waybill.job.rest.JobDetails;
import waybill.job.rest.PutJobParameters;

/** Jobs_Create: the customer asks for a new job. */
public class CreateJob extends Fact {
    private PutJobParameters request;

    public PutJobParameters getRequest() { return request; }
    public void setRequest(PutJobParameters v) { request = v; }

    /** The request's properties; never null, so rules can test its fields directly. */
    @JsonIgnore
    public JobDetails getProperties() {
        return request == null || request.getProperties() == null ? new JobDetails() : request.getProperties();
    }

    @Override
    public boolean isCustomerCall() { return true; }
}

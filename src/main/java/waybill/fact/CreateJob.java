package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import waybill.azure.AzureJobs;
import waybill.azure.JobDetails;
import waybill.azure.PutJobParameters;
import waybill.job.Job;
import waybill.job.JobId;

/** Jobs_Create: the customer asks for a new job. */
public class CreateJob extends Fact {
    private PutJobParameters request;

    public PutJobParameters getRequest() {
        return request;
    }

    public void setRequest(PutJobParameters v) {
        request = v;
    }

    /** The request's properties; never null, so rules can test its fields directly. */
    @JsonIgnore
    public JobDetails getProperties() {
        return request == null || request.getProperties() == null ? new JobDetails() : request.getProperties();
    }

    /** The job this request asks for, not yet decided (no state; drives without states). */
    public Job requestedJob(JobId id) {
        return AzureJobs.requested(id, request == null ? new PutJobParameters() : request);
    }

    @Override
    public boolean isCustomerCall() {
        return true;
    }
}

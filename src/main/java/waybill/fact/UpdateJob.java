package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import waybill.azure.AzureJobs;
import waybill.azure.UpdateJobParameters;
import waybill.drive.Drive;
import waybill.job.Job;

/** Jobs_Update: the customer changes properties, requests Shipping, or cancels. */
public class UpdateJob extends Fact {
    private UpdateJobParameters request;

    public UpdateJobParameters getRequest() {
        return request;
    }

    public void setRequest(UpdateJobParameters v) {
        request = v;
    }

    /** The request's properties; never null, so rules can test its fields directly. */
    @JsonIgnore
    public UpdateJobParameters.Properties getProperties() {
        return request == null || request.getProperties() == null
                ? new UpdateJobParameters.Properties()
                : request.getProperties();
    }

    /** The drives this request adds, without states: the rules decide what becomes of them. */
    public List<Drive> requestedDrives() {
        return getProperties().getDriveList() == null
                ? List.of()
                : AzureJobs.drives(getProperties().getDriveList());
    }

    /** Records on {@code job} the fields this request carries (called by the rules once it is accepted). */
    public void applyTo(Job job) {
        AzureJobs.apply(job, request);
    }

    @Override
    public boolean isCustomerCall() {
        return true;
    }
}

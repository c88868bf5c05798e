package waybill.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import waybill.job.JobId;

/**
 * Something that happened to a job: a customer's call, an operator's observation, or a timer falling
 * due. Every fact is decided by the rules; its {@code type} names it in JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(CreateJob.class),
    @JsonSubTypes.Type(UpdateJob.class),
    @JsonSubTypes.Type(DeleteJob.class),
    @JsonSubTypes.Type(PackageArrived.class),
    @JsonSubTypes.Type(DriveTransferStarted.class),
    @JsonSubTypes.Type(DriveProgress.class),
    @JsonSubTypes.Type(DriveTransferFinished.class),
    @JsonSubTypes.Type(DrivesShippedBack.class),
    @JsonSubTypes.Type(ReturnAddressInvalid.class),
    @JsonSubTypes.Type(CustomerResponded.class),
    @JsonSubTypes.Type(Fault.class),
    @JsonSubTypes.Type(FaultResolved.class),
    @JsonSubTypes.Type(TimerFired.class),
    @JsonSubTypes.Type(RulesChanged.class)
})
public abstract class Fact {
    private String factId;
    private String jobId;
    private Instant at;
    private String submittedBy;

    public String getFactId() {
        return factId;
    }

    public void setFactId(String v) {
        factId = v;
    }

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String v) {
        jobId = v;
    }

    public Instant getAt() {
        return at;
    }

    public void setAt(Instant v) {
        at = v;
    }

    /**
     * The name of the API key that submitted the fact (set by the service from the key, never taken from
     * the request); null for the service's own timers and for facts replayed from fixtures.
     */
    public String getSubmittedBy() {
        return submittedBy;
    }

    public void setSubmittedBy(String v) {
        submittedBy = v;
    }

    /** The fact's type name, as in JSON. */
    @JsonIgnore
    public String getType() {
        return getClass().getSimpleName();
    }

    /** True when jobId is a job's full resource id. */
    @JsonIgnore
    public boolean isJobIdWellFormed() {
        return JobId.parse(jobId).isPresent();
    }

    /** True for the Jobs API's calls, false for operators' facts and timers. */
    @JsonIgnore
    public boolean isCustomerCall() {
        return false;
    }
}

package waybill.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import waybill.fact.Fact;
import waybill.job.Deadline;
import waybill.job.Job;

/**
 * What the rules decided about one fact: accepted or refused (with reasons), the state changes, the
 * operators' actions, the job's deadlines and whether the job is deleted, the rules that fired and the
 * revision of the rulebook that decided. {@code before} is the job as it was (null if unknown);
 * {@code job} the job after (unchanged when refused).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        Fact fact,
        Instant at,
        boolean accepted,
        List<Refusal> rejections,
        List<Transition> transitions,
        List<Action> actions,
        List<Deadline> deadlines,
        Deletion deletion,
        List<FiredRule> firedRules,
        String rulesRevision,
        Job before,
        Job job) {

    public String factId() {
        return fact.getFactId();
    }

    public String jobId() {
        return fact.getJobId();
    }

    /** When the job's next timer falls due; null when it has none, or is deleted. */
    public Instant nextTimer() {
        if (deletion != null || job == null) {
            return null;
        }
        return job.nextDeadline().map(Deadline::getAt).orElse(null);
    }

    /** True when an accepted decision deletes the job. */
    @JsonIgnore
    public boolean deletesJob() {
        return accepted && deletion != null;
    }

    /** True when an accepted decision leaves a job worth keeping (created, or tracking arrived drives). */
    @JsonIgnore
    public boolean keepsJob() {
        return accepted
                && deletion == null
                && job != null
                && (job.isRegistered()
                        || before != null
                        || !job.getHeldDriveIds().isEmpty()
                        || !job.getDeadlines().isEmpty());
    }
}

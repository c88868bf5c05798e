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
 * revision of the rulebook that decided, and the service instance that decided ({@code decidedBy}: null
 * where no instance does, as in a replay; the engine leaves it to the caller). {@code before} is the job
 * as it was (null if unknown); {@code job} the job after (unchanged when refused).
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
        String decidedBy,
        Job before,
        Job job) {

    /** The same decision, made by the service instance {@code node}. */
    public Decision withDecidedBy(String node) {
        return new Decision(
                fact,
                at,
                accepted,
                rejections,
                transitions,
                actions,
                deadlines,
                deletion,
                firedRules,
                rulesRevision,
                node,
                before,
                job);
    }

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

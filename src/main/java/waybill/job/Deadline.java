package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A named instant at which the job's rules want to be asked again (a durable timer). When it falls due
 * the service decides a {@code TimerFired(name)} fact. A deadline scoped to a job state ({@code state})
 * is dropped by the rules once the job leaves that state; an unscoped one lives until it fires or a
 * rule removes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Deadline {
    private DeadlineName name;
    private Instant at;
    private JobState state;
    private String rule;

    public Deadline() {}

    public Deadline(DeadlineName name, Instant at, JobState state) {
        this.name = name;
        this.at = at;
        this.state = state;
    }

    public Deadline copy() {
        Deadline d = new Deadline(name, at, state);
        d.rule = rule;
        return d;
    }

    public DeadlineName getName() {
        return name;
    }

    public void setName(DeadlineName v) {
        name = v;
    }

    public Instant getAt() {
        return at;
    }

    public void setAt(Instant v) {
        at = v;
    }

    public JobState getState() {
        return state;
    }

    public void setState(JobState v) {
        state = v;
    }
    /** The rule that set this deadline. */
    public String getRule() {
        return rule;
    }

    public void setRule(String v) {
        rule = v;
    }

    @Override
    public String toString() {
        return name + "@" + at;
    }
}

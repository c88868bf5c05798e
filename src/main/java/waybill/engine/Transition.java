package waybill.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A state change of the job or of one drive, with the rule that made it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transition(String entity, String driveId, String from, String to, String rule) {
    public static final String JOB = "job";
    public static final String DRIVE = "drive";

    @Override
    public String toString() {
        return (driveId == null ? entity : entity + " " + driveId) + ": " + from + " -> " + to;
    }
}

package waybill.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import waybill.azure.JobResource;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.engine.Refusal;
import waybill.engine.Transition;
import waybill.job.Job;

/**
 * A decision as {@code /ops/facts} and {@code /ops/clock} answer it. {@code job} is the REST view of the
 * job after the decision (null when the job is deleted or not created by the customer): never a BitLocker key.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DecisionView(
        String factId,
        String jobId,
        String factType,
        Instant at,
        boolean accepted,
        List<Rejection> rejections,
        List<Transition> transitions,
        List<Action> actions,
        List<Fired> firedRules,
        String rulesRevision,
        String decidedBy,
        boolean deleted,
        boolean dryRun,
        JobResource job) {

    /** A rule's refusal: which rule, why, and what kind (Invalid, Conflict, NotFound). */
    public record Rejection(String rule, String reason, Refusal.Kind kind) {}

    /** A rule that fired, and where it is written. */
    public record Fired(String name, String file, int line, String phase) {}

    public static DecisionView of(Decision d, boolean dryRun) {
        Job after = d.job();
        boolean deleted = d.deletesJob();
        JobResource view = deleted || after == null || !after.isRegistered() ? null : JobView.of(after);
        return new DecisionView(
                d.factId(),
                d.jobId(),
                d.fact().getType(),
                d.at(),
                d.accepted(),
                d.rejections().stream()
                        .map(r -> new Rejection(r.getRule(), r.getReason(), r.getKind()))
                        .toList(),
                d.transitions(),
                d.actions(),
                d.firedRules().stream()
                        .map(f -> new Fired(f.name(), f.file(), f.line(), f.phase()))
                        .toList(),
                d.rulesRevision(),
                d.decidedBy(),
                deleted,
                dryRun,
                view);
    }

    public static List<DecisionView> of(List<Decision> decisions) {
        return decisions.stream().map(d -> of(d, false)).toList();
    }
}

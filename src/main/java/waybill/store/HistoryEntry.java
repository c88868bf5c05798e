package waybill.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.engine.FiredRule;
import waybill.engine.Refusal;
import waybill.engine.Transition;
import waybill.job.Job;

/** One decision as the history keeps it (its fact without personal data), oldest first per job by {@code sequence}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        String factId,
        String jobId,
        long sequence,
        String factType,
        Object fact,
        Instant at,
        boolean accepted,
        List<Refusal> rejections,
        List<Transition> transitions,
        List<Action> actions,
        List<FiredRule> firedRules,
        String rulesRevision,
        String decidedBy,
        String stateBefore,
        String stateAfter,
        boolean deleted) {
    /** A decision's entry: the fact without personal data whatever the job's fate, the rest as the store recorded it. */
    public static HistoryEntry of(
            Decision d, String jobId, long sequence, String stateBefore, String stateAfter, boolean deleted) {
        JsonNode fact = StoredJson.MAPPER.valueToTree(d.fact());
        Set<String> values = new HashSet<>();
        Scrubber.collect(fact, values);
        Scrubber.scrub(fact, values);
        return new HistoryEntry(
                d.factId(),
                jobId,
                sequence,
                d.fact().getType(),
                fact,
                d.at(),
                d.accepted(),
                d.rejections(),
                d.transitions(),
                d.actions(),
                d.firedRules(),
                d.rulesRevision(),
                d.decidedBy(),
                stateBefore,
                stateAfter,
                deleted);
    }

    /** A job's state by name (as the history records it, and a listing filters on it): null for no job or none yet. */
    public static String state(Job job) {
        return job == null || job.getState() == null ? null : job.getState().name();
    }
}

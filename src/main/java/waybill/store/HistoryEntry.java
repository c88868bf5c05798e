package waybill.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import waybill.engine.Action;
import waybill.engine.FiredRule;
import waybill.engine.Refusal;
import waybill.engine.Transition;

/**
 * One decision as the history keeps it: the fact (personal data removed), the rules that fired, the
 * revision, and the job's state before and after. Oldest first per job by {@code sequence}.
 */
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
        boolean deleted) {}

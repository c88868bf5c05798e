package waybill.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.engine.RuleFailure;

/**
 * The decisions the rules could not make since the service started: how many went past their budget,
 * how many a rule failed, by rule, and the latest few with what happened. For {@code GET /ops/rules}
 * and {@code /health}; {@code /metrics} counts the same by rule.
 */
public final class RuleTroubles {
    static final int RECENT = 20;

    /** One decision the rules could not make. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trouble(
            Instant at,
            RuleFailure.Kind kind,
            String rule,
            String where,
            String message,
            String revision,
            String jobId,
            String fact) {}

    private long budgetHits;
    private long failures;
    private final Map<String, Long> byRule = new TreeMap<>();
    private final Deque<Trouble> recent = new ArrayDeque<>();

    public synchronized void record(RuleFailure f, Instant at, String jobId, String fact) {
        if (f.kind() == RuleFailure.Kind.BudgetExceeded) {
            budgetHits++;
        } else {
            failures++;
        }
        byRule.merge(f.rule(), 1L, Long::sum);
        recent.addLast(new Trouble(at, f.kind(), f.rule(), f.at(), f.getMessage(), f.revision(), jobId, fact));
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    public synchronized long budgetHits() {
        return budgetHits;
    }

    public synchronized long failures() {
        return failures;
    }

    /** Counts since start, by rule, and the latest troubles, newest last. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("budgetHits", budgetHits);
        out.put("ruleFailures", failures);
        out.put("byRule", new TreeMap<>(byRule));
        out.put("recent", List.copyOf(new ArrayList<>(recent)));
        return out;
    }
}

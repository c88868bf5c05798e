package waybill.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.decision.Processor;
import waybill.decision.Retiming;
import waybill.engine.Decision;
import waybill.engine.RuleCompileException;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.RulesChanged;
import waybill.store.MemoryStore;

/**
 * A scenario step that changes the rules mid-story: the step's files over the rulebook in use, compiled
 * and activated at once; with {@code retime} the open jobs' deadlines move where the new rules set them,
 * as {@code POST /ops/rules/reload?retime=true} does (one {@code RulesChanged} decision per job moved).
 */
final class RuleSwap {
    private RuleSwap() {}

    /** The rule files after the step: each named file replaced, edited ({@code {replace, with}}) or removed. */
    static Map<String, String> files(Map<String, String> current, Map<String, JsonNode> changes) {
        Map<String, String> out = new TreeMap<>(current);
        changes.forEach((name, change) -> {
            if (change == null || change.isNull()) {
                if (out.remove(name) == null) {
                    throw new IllegalArgumentException("rules: no rule file " + name + " to remove");
                }
            } else if (change.isTextual()) {
                out.put(name, change.asText());
            } else if (change.isObject()
                    && change.path("replace").isTextual()
                    && change.path("with").isTextual()) {
                String text = out.get(name);
                String old = change.get("replace").asText();
                if (text == null) {
                    throw new IllegalArgumentException("rules: no rule file " + name + " to edit");
                }
                int at = text.indexOf(old);
                if (at < 0 || text.indexOf(old, at + 1) >= 0) {
                    throw new IllegalArgumentException("rules: " + name + " must hold '" + old
                            + "' exactly once, it holds it " + (at < 0 ? "nowhere" : "more than once"));
                }
                out.put(name, text.replace(old, change.get("with").asText()));
            } else {
                throw new IllegalArgumentException(
                        "rules: " + name + " must be the file's text, {replace: ..., with: ...} or null");
            }
        });
        return out;
    }

    /** Compiles the new rulebook; a compile error is the scenario's failure, with each error's file and line. */
    static Rulebook compile(Rulebook current, Map<String, JsonNode> changes, Instant now) {
        try {
            return RulebookLoader.compile(files(current.texts(), changes), now, current.budget());
        } catch (RuleCompileException e) {
            throw new IllegalArgumentException("the step's rules do not compile: " + e.errors(), e);
        }
    }

    /** Moves the open jobs' deadlines where {@code to} sets them: the RulesChanged decisions made. */
    static List<Decision> retime(Rulebook from, Rulebook to, MemoryStore store, Processor processor, Instant now) {
        Retiming.Plan plan = Retiming.plan(to, store.openJobFacts(), store::find, now);
        List<RulesChanged> facts =
                Retiming.facts(plan, from.revision(), to.revision(), RulesChanged.key(to.revision(), now), null, now);
        return Retiming.apply(facts, processor::submit);
    }
}

package waybill.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.engine.FiredRule;
import waybill.engine.RuleFailure;
import waybill.engine.RuleSource;
import waybill.engine.Rulebook;
import waybill.engine.Transition;
import waybill.fact.TimerFired;
import waybill.job.Deadline;
import waybill.job.Job;

/**
 * A job's projected timeline: every pending deadline with its instant, the rule that set it (name, file,
 * line) and what happens when it fires. The effect is the active rules' own answer: the deadline's
 * {@code TimerFired} decided at its instant against the job as it stands, and nothing kept.
 */
public final class Timeline {
    private Timeline() {}

    /** One pending deadline and its effect. */
    public record Entry(String name, Instant at, String rule, String file, Integer line, Effect effect) {}

    /** What the timer's decision would do: transitions, actions, the rules it fires, or why it would be refused. */
    public record Effect(
            String summary, List<String> transitions, List<String> actions, List<String> rules, String refused) {}

    public static List<Entry> of(Job job, Rulebook rules) {
        List<Entry> out = new ArrayList<>();
        for (Deadline d : JobRow.sorted(job)) {
            RuleSource src = d.getRule() == null ? null : rules.source(d.getRule());
            out.add(new Entry(
                    String.valueOf(d.getName()),
                    d.getAt(),
                    d.getRule(),
                    src == null ? null : src.file(),
                    src == null ? null : src.line(),
                    effect(job, d, rules)));
        }
        return out;
    }

    private static Effect effect(Job job, Deadline d, Rulebook rules) {
        TimerFired fact = new TimerFired(job.getId(), d.getName());
        fact.setAt(d.getAt());
        Decision decision;
        try {
            decision = Engine.decide(rules, job.copy(), fact, d.getAt());
        } catch (RuleFailure f) {
            return new Effect(
                    "the rules could not decide it: " + f.getMessage(), List.of(), List.of(), List.of(), null);
        }
        List<String> rulesFired =
                decision.firedRules().stream().map(FiredRule::name).distinct().toList();
        if (!decision.accepted()) {
            String why = decision.rejections().isEmpty()
                    ? "refused"
                    : decision.rejections().get(0).getReason();
            return new Effect("refused: " + why, List.of(), List.of(), rulesFired, why);
        }
        List<String> transitions =
                decision.transitions().stream().map(Transition::toString).toList();
        List<String> actions = decision.actions().stream()
                .map(a -> String.valueOf(a.getType()))
                .toList();
        return new Effect(summary(decision, transitions, actions), transitions, actions, rulesFired, null);
    }

    private static String summary(Decision d, List<String> transitions, List<String> actions) {
        List<String> parts = new ArrayList<>();
        if (d.deletesJob()) {
            parts.add("the job is deleted");
        }
        parts.addAll(transitions);
        for (Action a : d.actions()) {
            parts.add("action " + a.getType());
        }
        if (parts.isEmpty()) {
            parts.add("no change of state");
        }
        return String.join("; ", parts);
    }
}

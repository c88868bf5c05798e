package waybill.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import waybill.job.Deadline;

/**
 * The audit of one decision: which rules fired, in order, and which rule made each outcome. Attached to
 * the session as both an agenda and a working-memory listener. It also keeps the decision within its
 * {@link Budget}: before each firing it counts and looks at the time, and halts the session once either
 * bound is passed (the time is the deciding thread's CPU time: {@link FiringBudget}). Inside a firing, rule
 * code checks the same budget and is interrupted past it ({@link #interrupted()}).
 */
final class Recorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final Rulebook rulebook;
    private final TransitionLog log;
    private final List<FiredRule> fired = new ArrayList<>();
    private final List<Object> outcomes = new ArrayList<>();
    private final KieSession session;
    private final int maxFirings;
    private int firings;
    private boolean overTime;

    Recorder(Rulebook rulebook, TransitionLog log, KieSession session) {
        this.rulebook = rulebook;
        this.log = log;
        this.session = session;
        this.maxFirings = rulebook.budget().maxFirings();
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        log.firing(event.getMatch().getRule().getName());
        if (++firings > maxFirings || FiringBudget.past()) {
            overTime = firings <= maxFirings;
            session.halt();
        }
    }

    /** The refusal of a decision whose rule code was interrupted past its time, naming the rule running. */
    RuleFailure interrupted() {
        overTime = true;
        String rule = firing();
        if (rule == null) {
            RuleFailure failure = budgetFailure();
            return new RuleFailure(
                    RuleFailure.Kind.BudgetExceeded,
                    failure.rule(),
                    rulebook.source(failure.rule()),
                    "a condition was interrupted: " + failure.getMessage(),
                    rulebook.revision(),
                    failure.mostFired(),
                    null);
        }
        int done = (int) fired.stream().filter(r -> r.name().equals(rule)).count();
        return new RuleFailure(
                RuleFailure.Kind.BudgetExceeded,
                rule,
                rulebook.source(rule),
                "rule \"" + rule + "\" at " + where(rule) + " was interrupted: the decision ran past its bound of "
                        + rulebook.budget().maxTime().toMillis() + " ms of CPU time inside one firing of it ("
                        + fired.size()
                        + " firings before)",
                rulebook.revision(),
                List.of(new RuleFailure.Count(rule, where(rule), done + 1)),
                null);
    }

    /** Past the budget: the session was halted and the decision must be refused. */
    boolean exceeded() {
        return firings > maxFirings || overTime;
    }

    /** The refusal of a decision past its budget: which rules fired most, where they are. */
    RuleFailure budgetFailure() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (FiredRule r : fired) {
            counts.merge(r.name(), 1, Integer::sum);
        }
        List<RuleFailure.Count> most = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(3)
                .map(e -> new RuleFailure.Count(e.getKey(), where(e.getKey()), e.getValue()))
                .toList();
        RuleFailure.Count top = most.isEmpty() ? new RuleFailure.Count("(none)", "(rules)", 0) : most.get(0);
        Budget budget = rulebook.budget();
        String message = overTime
                ? "the decision ran past its bound of " + budget.maxTime().toMillis() + " ms of CPU time ("
                        + fired.size()
                        + " firings); the rule that fired most, \"" + top.rule() + "\" at " + top.at() + ", fired "
                        + top.firings() + " times"
                : "rule \"" + top.rule() + "\" at " + top.at() + " fired " + String.format("%,d", top.firings())
                        + " times in one decision: a loop? The decision was stopped at its bound of "
                        + String.format("%,d", budget.maxFirings()) + " rule firings";
        // rules that loop together (each undoing the other) fire about as often: name those too
        List<String> others = most.subList(1, most.size()).stream()
                .filter(c -> c.firings() > 10)
                .map(c -> "\"" + c.rule() + "\" at " + c.at() + " " + c.firings() + " times")
                .toList();
        if (!others.isEmpty()) {
            message += "; also fired: " + String.join(", ", others);
        }
        return new RuleFailure(
                RuleFailure.Kind.BudgetExceeded,
                top.rule(),
                rulebook.source(top.rule()),
                message,
                rulebook.revision(),
                most,
                null);
    }

    private String where(String rule) {
        RuleSource src = rulebook.source(rule);
        return src == null ? "(rules)" : src.file() + ":" + src.line();
    }

    /** The rule whose consequence is running, or null between firings. */
    String firing() {
        return log.currentRule();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String name = event.getMatch().getRule().getName();
        RuleSource src = rulebook.source(name);
        fired.add(
                src == null
                        ? new FiredRule(name, null, 0, null)
                        : new FiredRule(name, src.file(), src.line(), src.phase()));
        log.firing(null);
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        Object o = event.getObject();
        if (o instanceof Stamped s) {
            if (s.getRule() == null) {
                s.setRule(log.currentRule());
            }
            outcomes.add(o);
        } else if (o instanceof Deadline d && d.getRule() == null) {
            d.setRule(log.currentRule());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // state changes are recorded by the entities themselves
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        forget(event.getOldObject());
    }

    /** The outcomes of a type that rules inserted, in the order they were inserted. */
    <T> List<T> outcomes(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : outcomes) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return out;
    }

    void forget(Object o) {
        outcomes.remove(o);
    }

    List<FiredRule> fired() {
        return fired;
    }
}

package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import waybill.job.Deadline;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

/**
 * The audit of one decision: which rules fired, in order, and which rule made each outcome. Attached to
 * the session as both an agenda and a working-memory listener.
 */
final class Recorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final Rulebook rulebook;
    private final TransitionLog log;
    private final List<FiredRule> fired = new ArrayList<>();
    private final List<Object> outcomes = new ArrayList<>();

    Recorder(Rulebook rulebook, TransitionLog log) {
        this.rulebook = rulebook;
        this.log = log;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        log.firing(event.getMatch().getRule().getName());
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String name = event.getMatch().getRule().getName();
        RuleSource src = rulebook.source(name);
        fired.add(src == null ? new FiredRule(name, null, 0, null)
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

package waybill.decision;

import java.util.List;
import waybill.engine.Decision;

/** What a sweep of due timers did: the decisions, in time order, and the timers the rules failed to decide. */
public record Swept(List<Decision> fired, List<TimerIncidents.Failure> failed) {}

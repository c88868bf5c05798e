package waybill.fact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import waybill.job.DeadlineName;

/** A job's deadline fell due. The service makes this fact; clients cannot submit it. */
public class TimerFired extends Fact {
    private DeadlineName name;

    public TimerFired() {}

    public TimerFired(String jobId, DeadlineName name) {
        setJobId(jobId);
        this.name = name;
    }

    /** The timers a fault paused, fired at {@code at} once it is resolved, in the order they fell due. */
    public static List<TimerFired> resumed(String jobId, List<DeadlineName> paused, Instant at) {
        List<TimerFired> out = new ArrayList<>();
        for (DeadlineName name : paused) {
            TimerFired timer = new TimerFired(jobId, name);
            timer.setAt(at);
            out.add(timer);
        }
        return out;
    }

    public DeadlineName getName() {
        return name;
    }

    public void setName(DeadlineName v) {
        name = v;
    }
}

package waybill.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import waybill.engine.Decision;
import waybill.job.Job;

/**
 * A job as it stood at a past instant, rebuilt from its decisions: each accepted decision records the
 * job after it, so the job at {@code asOf} is the one the last decision at or before {@code asOf} left.
 * Empty when the job did not exist yet.
 */
public final class TimeTravel {
    private TimeTravel() {}

    /** The job at {@code asOf} and how many of its decisions had been made by then. */
    public record AsOf(Job job, int decisions, Instant decidedAt) {}

    public static Optional<AsOf> at(List<Decision> decisions, Instant asOf) {
        Decision last = null;
        int n = 0;
        for (Decision d : decisions) {
            if (d.at() != null && !d.at().isAfter(asOf) && d.job() != null) {
                last = d;
                n++;
            }
        }
        return last == null ? Optional.empty() : Optional.of(new AsOf(last.job().copy(), n, last.at()));
    }
}

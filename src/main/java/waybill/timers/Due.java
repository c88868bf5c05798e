package waybill.timers;

import java.time.Instant;
import waybill.job.DeadlineName;

/** A job's deadline that is due: the timer to fire. */
public record Due(String jobId, DeadlineName name, Instant at) {}

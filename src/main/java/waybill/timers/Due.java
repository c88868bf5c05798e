package waybill.timers;

import java.time.Instant;

/** A job's deadline that is due: the timer to fire. */
public record Due(String jobId, String name, Instant at) {
}

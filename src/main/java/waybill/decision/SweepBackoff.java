package waybill.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How the timer sweep waits while the store is away: after a failed sweep it skips the next ones for
 * 1 s, then 2, 4, up to {@link #MAX}, rather than fail every second; the first sweep that succeeds resets
 * it. Nothing is lost by skipping: a sweep fires every timer due by now, so the first one after the
 * store returns catches up, each timer at its own instant and in order.
 */
public final class SweepBackoff {
    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(8);

    private final Clock clock;
    private Duration wait = Duration.ZERO;
    private Instant next = Instant.MIN;

    public SweepBackoff(Clock clock) {
        this.clock = clock;
    }

    /** True when a sweep may run now. */
    public synchronized boolean due() {
        return !clock.instant().isBefore(next);
    }

    /** A sweep failed for want of the store: wait longer before the next. */
    public synchronized Duration failed() {
        wait = wait.isZero() ? FIRST : wait.multipliedBy(2).compareTo(MAX) > 0 ? MAX : wait.multipliedBy(2);
        next = clock.instant().plus(wait);
        return wait;
    }

    /** A sweep ran: the next runs on time. True when the store was away before. */
    public synchronized boolean succeeded() {
        boolean wasAway = !wait.isZero();
        wait = Duration.ZERO;
        next = Instant.MIN;
        return wasAway;
    }
}

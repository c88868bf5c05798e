package waybill.decision;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the system clock: fires every due timer about once a second, on the scheduled thread it is
 * started on (the service's, which its owner shuts down).
 */
public final class TimerSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimerSweeper.class);

    private final Decisions decisions;
    private final Clock clock;
    private ScheduledFuture<?> sweeping;

    private final SweepBackoff backoff;
    /** With instances sharing the store: the timers are claimed before they are fired; null: all fired here. */
    private final ClaimedSweep claimed;

    public TimerSweeper(Decisions decisions, Clock clock) {
        this(decisions, clock, null);
    }

    public TimerSweeper(Decisions decisions, Clock clock, ClaimedSweep claimed) {
        this.decisions = decisions;
        this.clock = clock;
        this.backoff = new SweepBackoff(clock);
        this.claimed = claimed;
    }

    /** Sweeps on {@code thread} every {@code every}, until {@link #close()}. */
    public synchronized void start(ScheduledExecutorService thread, Duration every) {
        sweeping =
                thread.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void sweep() {
        if (!backoff.due()) {
            return; // the store was away at the last sweep: wait a little longer (SweepBackoff)
        }
        try {
            int n = claimed != null
                    ? claimed.fire(clock.instant())
                    : decisions.fireDue(clock.instant()).fired().size();
            if (backoff.succeeded()) {
                LOG.info("the store answers again: the timer sweep caught up");
            }
            if (n > 0) {
                LOG.info("fired {} due timer(s)", n);
            }
        } catch (waybill.store.StoreUnavailableException e) {
            LOG.warn(
                    "timer sweep skipped, the store is away; next try in {} s",
                    backoff.failed().toSeconds());
        } catch (waybill.engine.RuleFailure e) {
            // the rules could not decide a due timer: logged, counted and shown on /ops/rules by Decisions
        } catch (RuntimeException e) {
            // keep sweeping: a failing store may come back; the error is in the log and /health tells
            LOG.error("firing due timers failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (sweeping != null) {
            sweeping.cancel(true);
        }
    }
}

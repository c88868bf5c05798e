package waybill.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a failed attempt: {@code initial} doubled per failure up to {@code max}, each
 * wait spread by the jitter (so receivers that came back are not hit by every sender at once), and no
 * attempt later than {@code for} after the entry was made: past that the entry is failed.
 */
final class Backoff {
    private final DeliveryConfig.Retry retry;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): the jitter's draw (tests pass a fixed one) */
    Backoff(DeliveryConfig.Retry retry, DoubleSupplier random) {
        this.retry = retry;
        this.random = random;
    }

    /** The wait after the {@code failures}-th failure (1 after the first attempt failed). */
    Duration delay(int failures) {
        long initial = retry.initial().toMillis();
        long max = retry.max().toMillis();
        long base = initial;
        for (int i = 1; i < failures && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        double spread = retry.jitter() * (random.getAsDouble() - 0.5); // within ±jitter/2
        return Duration.ofMillis(Math.max(1, Math.round(base * (1 + spread))));
    }

    /** The next attempt's instant, or null when it would fall past the time the entry may be tried. */
    Instant next(Instant createdAt, Instant now, int failures) {
        Instant next = now.plus(delay(failures));
        return next.isAfter(createdAt.plus(retry.giveUpAfter())) ? null : next;
    }
}

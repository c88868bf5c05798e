package waybill.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import waybill.store.Delivery;

/**
 * What /metrics says of delivery: attempts by outcome ({@code sent}, {@code retry}, {@code failed}) and
 * channel, the lag from commit to delivery (p50, p99), how many entries are pending and the age of the oldest.
 */
final class DeliveryMeters {
    private DeliveryMeters() {}

    static void bind(MeterRegistry registry, Supplier<Integer> pending, Supplier<Duration> oldest) {
        Gauge.builder("waybill_deliveries_pending", pending::get)
                .description("outbox entries this instance holds or has still to derive")
                .register(registry);
        Gauge.builder(
                        "waybill_deliveries_oldest_pending_seconds",
                        () -> oldest.get().toMillis() / 1000.0)
                .description("age of the oldest pending outbox entry (0 when none)")
                .register(registry);
    }

    static Map<String, Object> health(DeliveryConfig config, int pending, Duration age) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("enabled", config.enabled());
        h.put("pending", pending);
        h.put("oldestPendingSeconds", age.toMillis() / 1000.0);
        h.put("backedUp", age.compareTo(config.backedUpAfter()) > 0);
        return h;
    }

    static void attempted(MeterRegistry registry, Delivery after, Duration lag) {
        String outcome = Delivery.PENDING.equals(after.status()) ? "retry" : after.status();
        String channel = after.target().startsWith(Targets.WEBHOOK) ? "webhook" : "mail";
        Counter.builder("waybill_deliveries")
                .description("delivery attempts by outcome (sent, retry, failed) and channel")
                .tag("outcome", outcome)
                .tag("channel", channel)
                .register(registry)
                .increment();
        if (Delivery.SENT.equals(after.status())) {
            Timer.builder("waybill_delivery_lag")
                    .description("from the commit of a decision to the delivery of its event")
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)
                    .record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }

    /** How long the oldest of the held and the queued has waited (zero: none). */
    static java.time.Duration age(java.time.Clock clock, java.time.Instant held, java.time.Instant queued) {
        java.time.Instant oldest = queued != null && (held == null || queued.isBefore(held)) ? queued : held;
        if (oldest == null) {
            return java.time.Duration.ZERO;
        }
        java.time.Duration age = java.time.Duration.between(oldest, clock.instant());
        return age.isNegative() ? java.time.Duration.ZERO : age;
    }
}

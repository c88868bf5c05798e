package waybill.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import waybill.engine.Decision;
import waybill.engine.FiredRule;
import waybill.engine.RuleFailure;
import waybill.fact.TimerFired;
import waybill.store.Store;

/** What /metrics reports: HTTP requests by route and status, decisions by outcome, rule firings, rule failures and budget hits by rule, timers due and late. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics(Store store, Clock clock) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Gauge.builder("waybill_timers_overdue_seconds", () -> overdue(store, clock))
                .description("how late the earliest due timer is (0 when none is due)")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void request(String method, String route, int status, float millis) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by route and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }

    /** Counts a decision made (not a dry run, not an idempotent repeat): outcome, fact type, rules fired. */
    public void decided(Decision d, Instant now) {
        Counter.builder("waybill_decisions")
                .description("decisions by outcome and fact type")
                .tag("outcome", d.accepted() ? "accepted" : "refused")
                .tag("fact", d.fact().getType())
                .register(registry)
                .increment();
        for (FiredRule r : d.firedRules()) {
            Counter.builder("waybill_rule_firings")
                    .description("rule firings by rule")
                    .tag("rule", r.name())
                    .register(registry)
                    .increment();
        }
        if (d.fact() instanceof TimerFired t && t.getAt() != null) {
            Counter.builder("waybill_timers_fired")
                    .description("timers fired")
                    .register(registry)
                    .increment();
            Timer.builder("waybill_timer_lateness")
                    .description("how long after its due instant a timer fired")
                    .register(registry)
                    .record(
                            Duration.between(t.getAt(), now).isNegative()
                                    ? Duration.ZERO
                                    : Duration.between(t.getAt(), now));
        }
    }

    /** Counts a decision the rules could not make, by the rule at fault. */
    public void ruleFailed(RuleFailure f) {
        String name =
                f.kind() == RuleFailure.Kind.BudgetExceeded ? "waybill_rule_budget_exceeded" : "waybill_rule_failures";
        Counter.builder(name)
                .description(
                        f.kind() == RuleFailure.Kind.BudgetExceeded
                                ? "decisions stopped past their budget of firings or time, by the rule that fired most"
                                : "decisions refused because a rule threw, by rule")
                .tag("rule", f.rule())
                .register(registry)
                .increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    private static double overdue(Store store, Clock clock) {
        try {
            if (store.warming()) {
                return Double.NaN; // not known until the store has read every job (nextDue waits for that)
            }
            Instant now = clock.instant();
            return store.nextDue(now)
                    .map(d -> Duration.between(d.at(), now).toMillis() / 1000.0)
                    .orElse(0.0);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

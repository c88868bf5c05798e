package waybill.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who ran which candidate rulebook: every dry run and every reload asked over HTTP is logged with the
 * name of the key that asked, the candidate's revision (the hash of its files, compiled or not), the
 * active revision and the outcome, and counted in {@code waybill_rules_candidates_total} by action,
 * outcome and key name. docs/security.md, What is logged.
 */
final class RulesAudit {
    private static final Logger LOG = LoggerFactory.getLogger(RulesAudit.class);

    private final MeterRegistry registry;

    RulesAudit(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param action dry-run, reload or forced-reload
     * @param outcome compared, refused, activated or unchanged
     */
    void record(String action, String by, String candidate, String active, String outcome) {
        String key = by == null ? "(unnamed)" : by;
        LOG.info(
                "rules {} by key {}: candidate revision {}, active revision {}: {}",
                action,
                key,
                candidate == null ? "(unknown)" : candidate,
                active,
                outcome);
        Counter.builder("waybill_rules_candidates")
                .description("dry runs and reloads of candidate rulebooks by action, outcome and key name")
                .tag("action", action)
                .tag("outcome", outcome)
                .tag("key", key)
                .register(registry)
                .increment();
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import waybill.decision.Metrics;
import waybill.decision.RuleTroubles;
import waybill.delivery.Deliveries;
import waybill.rulesops.RulesHolder;
import waybill.store.Store;

/** Health, Prometheus metrics, the OpenAPI description and its Swagger UI page. */
final class ServiceRoutes {
    static final String SWAGGER_UI = "5.30.3";

    private final Store store;
    private final RulesHolder rules;
    private final Metrics metrics;
    private final RuleTroubles troubles;
    private final waybill.decision.TimerIncidents incidents;
    private final String openapi;
    private final String docs;
    private final String docsPolicy;
    private final java.util.function.Supplier<String> node;

    private final Deliveries deliveries;

    ServiceRoutes(
            Store store,
            RulesHolder rules,
            Metrics metrics,
            RuleTroubles troubles,
            waybill.decision.TimerIncidents incidents,
            Deliveries deliveries,
            java.util.function.Supplier<String> node) {
        this.deliveries = deliveries;
        this.node = node;
        this.store = store;
        this.rules = rules;
        this.metrics = metrics;
        this.troubles = troubles;
        this.incidents = incidents;
        this.openapi = resource("/waybill/api/openapi.json");
        this.docs = resource("/waybill/api/docs.html").replace("{{version}}", SWAGGER_UI);
        this.docsPolicy = docsPolicy(docs);
    }

    /**
     * The page takes a key in its Authorize box, so it runs only its own scripts (the jar's Swagger UI and
     * its one inline script, by hash), talks only to this service, and may not be framed by any page.
     */
    static String docsPolicy(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<script>(.*?)</script>", java.util.regex.Pattern.DOTALL)
                .matcher(page);
        StringBuilder hashes = new StringBuilder();
        while (m.find()) {
            try {
                byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.append(" 'sha256-")
                        .append(java.util.Base64.getEncoder().encodeToString(sha))
                        .append("'");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
        return "default-src 'none'; script-src 'self'" + hashes + "; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    void register(RoutesConfig r) {
        r.get("/health", this::health);
        r.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
        r.get(
                "/docs",
                ctx -> ctx.header("Content-Security-Policy", docsPolicy)
                        .header("X-Frame-Options", "DENY")
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Referrer-Policy", "no-referrer")
                        .html(docs));
    }

    private void health(Context ctx) {
        boolean storeUp;
        try {
            storeUp = store.healthy();
        } catch (RuntimeException e) {
            storeUp = false;
        }
        boolean rulesUp = rules.get() != null;
        // up, but not on the cluster's newest rules: it serves its last good rulebook (GET /ops/rules says why)
        boolean degraded = rules.followFailure() != null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeUp && rulesUp ? degraded ? "DEGRADED" : "UP" : "DOWN");
        body.put("node", node.get());
        body.put("store", Map.of("up", storeUp, "describe", store.describe(), "warming", store.warming()));
        // decisions the rules could not make since start: the service is up, but operators should look
        body.put(
                "rules",
                rulesUp
                        ? Map.of(
                                "up",
                                true,
                                "revision",
                                rules.get().revision(),
                                "budgetHits",
                                troubles.budgetHits(),
                                "ruleFailures",
                                troubles.failures(),
                                "degraded",
                                degraded,
                                "timerIncidents",
                                incidents.incidents(),
                                "timersRetrying",
                                incidents.retrying())
                        : Map.of("up", false));
        // events waiting to leave: the service is up, but a receiver or the mail server is not keeping up
        body.put("delivery", deliveries.health());
        ctx.status(storeUp && rulesUp ? 200 : 503).json(body);
    }

    private static String resource(String path) {
        try (InputStream in = ServiceRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

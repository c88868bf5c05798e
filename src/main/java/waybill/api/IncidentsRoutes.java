package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import waybill.decision.Decisions;
import waybill.decision.TimerIncidents;
import waybill.delivery.Deliveries;
import waybill.store.Delivery;

/**
 * {@code /ops/incidents}: the due timers the rules failed to decide, retrying with backoff or parked as
 * incidents, and an operator's retry or resolve of one; and the deliveries that failed past their retry window
 * (redelivered with {@code POST /ops/deliveries/{id}/redeliver}). See docs/operations.md.
 */
final class IncidentsRoutes {
    /** Failed deliveries listed at most. */
    static final int DELIVERIES = 100;

    private final Decisions decisions;
    private final Deliveries deliveries;

    IncidentsRoutes(Decisions decisions, Deliveries deliveries) {
        this.decisions = decisions;
        this.deliveries = deliveries;
    }

    void register(RoutesConfig r) {
        r.get("/ops/incidents", this::list);
        r.post("/ops/incidents/{id}/retry", this::retry);
        r.post("/ops/incidents/{id}/resolve", this::resolve);
    }

    private void list(Context ctx) {
        TimerIncidents incidents = decisions.incidents();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incidents", incidents.incidents());
        out.put("timers", incidents.list());
        // a delivery that failed past its retry window is an incident too: redelivered from /ops/deliveries
        out.put("failedDeliveries", deliveries.list(Delivery.FAILED, DELIVERIES));
        ctx.json(out);
    }

    /** Closes a failing timer without a retry, recording the key's name and the time. */
    private void resolve(Context ctx) {
        String id = ctx.pathParam("id");
        TimerIncidents.Failure resolved = decisions
                .incidents()
                .resolve(id, Auth.name(ctx))
                .orElseThrow(() -> new ApiException(
                        ErrorCode.ResourceNotFound,
                        "no failing timer is " + id + " under the rules in use (GET /ops/incidents lists them)",
                        "id"));
        ctx.json(resolved);
    }

    private void retry(Context ctx) {
        String id = ctx.pathParam("id");
        if (decisions.incidents().find(id).isEmpty()) {
            throw new ApiException(
                    ErrorCode.ResourceNotFound,
                    "no failing timer is " + id + " under the rules in use (GET /ops/incidents lists them)",
                    "id");
        }
        Optional<TimerIncidents.Failure> after = decisions.retry(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("fired", after.isEmpty());
        after.ifPresent(f -> out.put("failure", f));
        ctx.json(out);
    }
}

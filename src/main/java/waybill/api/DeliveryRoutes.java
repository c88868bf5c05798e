package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;
import java.util.UUID;
import waybill.delivery.Deliveries;
import waybill.delivery.WebhookConflictException;
import waybill.store.Delivery;
import waybill.store.Webhook;

/**
 * {@code /ops/webhooks} and {@code /ops/deliveries} (api.md §5): the subscriptions of systems, and the
 * outbox with each entry's attempts, last error and next attempt; redelivering a failed entry.
 */
final class DeliveryRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.SENT, Delivery.FAILED);

    private final Deliveries deliveries;
    private final ApiJson json;

    DeliveryRoutes(Deliveries deliveries, ApiJson json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/ops/webhooks", ctx -> ctx.json(deliveries.webhooks().all()));
        r.post("/ops/webhooks", this::add);
        r.delete("/ops/webhooks/{id}", this::remove);
        r.get("/ops/deliveries", this::list);
        r.post("/ops/deliveries/{id}/redeliver", this::redeliver);
    }

    private void add(Context ctx) {
        WebhookRequest req = json.read(
                ctx.body(),
                WebhookRequest.class,
                "{\"url\": \"https://...\", \"secret\": \"at least 16 characters\", \"filter\": {\"actions\": [\"NotifyOperators\"], \"decisions\": false}}",
                "WebhookRequest");
        String id = req.id() != null
                ? req.id()
                : "wh-" + UUID.randomUUID().toString().substring(0, 8);
        Webhook w;
        try {
            w = deliveries.webhooks().add(id, req.url(), req.secret(), req.filter());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.InvalidRequestContent, e.getMessage(), "body");
        } catch (WebhookConflictException e) {
            throw new ApiException(ErrorCode.Conflict, e.getMessage(), id);
        }
        ctx.status(201).json(w);
    }

    private void remove(Context ctx) {
        String id = ctx.pathParam("id");
        boolean removed;
        try {
            removed = deliveries.webhooks().remove(id);
        } catch (WebhookConflictException e) {
            throw new ApiException(ErrorCode.Conflict, e.getMessage(), id);
        }
        if (!removed) {
            throw new ApiException(
                    ErrorCode.ResourceNotFound, "webhook " + id + " does not exist; GET /ops/webhooks lists them", id);
        }
        ctx.status(204);
    }

    private void list(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "status must be pending, sent or failed (or absent for all), not '" + status + "'",
                    "status");
        }
        String limit = ctx.queryParam("limit");
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new ApiException(
                        ErrorCode.InvalidQueryParameter,
                        "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'",
                        "limit");
            }
        }
        ctx.json(deliveries.list(status, n));
    }

    private void redeliver(Context ctx) {
        String id = ctx.pathParam("id");
        Delivery d = deliveries
                .redeliver(id)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.ResourceNotFound,
                        "delivery " + id + " does not exist; GET /ops/deliveries?status=failed lists the failed ones",
                        id));
        if (Delivery.SENT.equals(d.status())) {
            throw new ApiException(
                    ErrorCode.Conflict, "delivery " + id + " was sent already; only a failed one is redelivered", id);
        }
        ctx.json(d);
    }
}

package waybill.store.mongo;

import java.util.List;
import org.bson.Document;
import waybill.store.Delivery;
import waybill.store.Webhook;

/** The {@code deliveries} and {@code webhooks} documents. */
final class DeliveryDocs {
    private DeliveryDocs() {}

    static Document of(Delivery d) {
        return new Document("_id", d.id())
                .append("eventId", d.eventId())
                .append("type", d.type())
                .append("target", d.target())
                .append("jobId", d.jobId())
                .append("seq", d.seq())
                .append("index", d.index())
                .append("status", d.status())
                .append("attempts", d.attempts())
                .append("lastError", d.lastError())
                .append("createdAt", Docs.date(d.createdAt()))
                .append("nextAttemptAt", Docs.date(d.nextAttemptAt()))
                .append("sentAt", Docs.date(d.sentAt()))
                .append("owner", d.owner())
                .append("leaseUntil", Docs.date(d.leaseUntil()))
                .append("event", d.event());
    }

    static Delivery delivery(Document d) {
        return new Delivery(
                d.getString("_id"),
                d.getString("eventId"),
                d.getString("type"),
                d.getString("target"),
                d.getString("jobId"),
                ((Number) d.get("seq")).longValue(),
                ((Number) d.get("index")).intValue(),
                d.getString("status"),
                ((Number) d.get("attempts")).intValue(),
                d.getString("lastError"),
                Docs.instant(d.getDate("createdAt")),
                Docs.instant(d.getDate("nextAttemptAt")),
                Docs.instant(d.getDate("sentAt")),
                d.getString("owner"),
                Docs.instant(d.getDate("leaseUntil")),
                d.getString("event"));
    }

    /** What an attempt changes. */
    static Document outcome(Delivery d) {
        return new Document(
                "$set",
                new Document("status", d.status())
                        .append("attempts", d.attempts())
                        .append("lastError", d.lastError())
                        .append("nextAttemptAt", Docs.date(d.nextAttemptAt()))
                        .append("sentAt", Docs.date(d.sentAt()))
                        .append("leaseUntil", Docs.date(d.leaseUntil())));
    }

    static Document of(Webhook w) {
        Webhook.Filter f = w.filter();
        return new Document("_id", w.id())
                .append("url", w.url())
                .append("secret", w.secret())
                .append(
                        "filter",
                        new Document("actions", f.actions())
                                .append("decisions", f.decisions())
                                .append("decisionTypes", f.decisionTypes())
                                .append("jobStates", f.jobStates()));
    }

    static Webhook webhook(Document d) {
        Document f = d.get("filter", Document.class);
        return new Webhook(
                d.getString("_id"),
                d.getString("url"),
                d.getString("secret"),
                new Webhook.Filter(
                        strings(f, "actions"),
                        f.getBoolean("decisions"),
                        strings(f, "decisionTypes"),
                        strings(f, "jobStates")),
                Webhook.API);
    }

    private static List<String> strings(Document d, String name) {
        return d.get(name) == null ? null : d.getList(name, String.class);
    }
}

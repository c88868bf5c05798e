package waybill.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import waybill.engine.Decision;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;
import waybill.store.Webhook;

/**
 * Turns committed decisions into outbox entries, off the path of the fact: the request thread only
 * queues the decision it has committed ({@link #committed}); the delivery thread derives its events, their
 * targets and the entries (ids from the decision, so deriving twice adds nothing), writes them with the
 * jobs' cursors in one batch, and hands them to the worker. A crash before that batch loses nothing: the
 * decisions past a job's cursor are derived again at start ({@link DeliveryLog#underived}).
 */
final class Outbox {
    /** A decision as committed, with the instant it was seen committed (from which delivery lag counts). */
    record Queued(DeliveryLog.Committed committed, Instant at) {}

    private final ConcurrentLinkedDeque<Queued> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final DeliveryLog log;
    private final Events events;
    private final Webhooks webhooks;
    private final boolean operatorsMail;
    private final boolean customerMail;

    Outbox(DeliveryLog log, Events events, Webhooks webhooks, boolean operatorsMail, boolean customerMail) {
        this.log = log;
        this.events = events;
        this.webhooks = webhooks;
        this.operatorsMail = operatorsMail;
        this.customerMail = customerMail;
    }

    /** Called by the request thread right after the commit: cheap, no I/O. */
    void committed(Decision d, Instant at) {
        queue.add(new Queued(new DeliveryLog.Committed(d.jobId(), Events.version(d), d), at));
        queued.incrementAndGet();
    }

    int queued() {
        return queued.get();
    }

    Instant oldestQueued() {
        Queued q = queue.peek();
        return q == null ? null : q.at();
    }

    /** Derives everything queued; answers the entries this instance wrote (and so holds). */
    List<Delivery> drain(DeliveryWorker worker, int max) {
        List<Queued> batch = new ArrayList<>();
        Queued q;
        while (batch.size() < max && (q = queue.poll()) != null) {
            batch.add(q);
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Delivery> held;
        try {
            held = derive(batch, worker);
        } catch (RuntimeException e) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                queue.addFirst(batch.get(i)); // the store refused: the batch is derived again, in order
            }
            throw e;
        }
        queued.addAndGet(-batch.size());
        return held;
    }

    /** Derives the decisions past their jobs' cursors, in batches; answers how many there were. */
    int underived(DeliveryWorker worker) {
        List<DeliveryLog.Committed> underived = log.underived();
        Instant now = worker.now();
        for (int i = 0; i < underived.size(); i += DeliveryLoop.BATCH) {
            List<Queued> batch = new ArrayList<>();
            for (DeliveryLog.Committed c : underived.subList(i, Math.min(underived.size(), i + DeliveryLoop.BATCH))) {
                batch.add(new Queued(c, now));
            }
            worker.hold(derive(batch, worker));
        }
        return underived.size();
    }

    /** Derives and writes the entries of these decisions and moves their jobs' cursors. */
    List<Delivery> derive(List<Queued> batch, DeliveryWorker worker) {
        List<Webhook> subscribed = webhooks.all();
        Map<String, Delivery> entries = new LinkedHashMap<>();
        Map<String, Long> cursors = new LinkedHashMap<>();
        for (Queued q : batch) {
            DeliveryLog.Committed c = q.committed();
            if (c.decision().accepted()) {
                for (Event e : events.of(c.decision(), c.version())) {
                    for (String target : Targets.of(e, subscribed, operatorsMail, customerMail)) {
                        Delivery d = entry(e, target, q.at(), worker);
                        entries.put(d.id(), d);
                    }
                }
            }
            cursors.merge(c.jobId(), c.version(), Math::max);
        }
        Set<String> added = log.record(entries.values(), cursors);
        return entries.values().stream().filter(d -> added.contains(d.id())).toList();
    }

    static String deliveryId(String eventId, String target) {
        return UUID.nameUUIDFromBytes((eventId + ">" + target).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static Delivery entry(Event e, String target, Instant at, DeliveryWorker worker) {
        return new Delivery(
                deliveryId(e.id(), target),
                e.id(),
                e.type(),
                target,
                e.jobId(),
                e.version(),
                e.index(),
                Delivery.PENDING,
                0,
                null,
                at,
                at,
                null,
                worker.owner(),
                worker.leaseFrom(at),
                e.json());
    }
}

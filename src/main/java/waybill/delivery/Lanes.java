package waybill.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import waybill.store.Delivery;

/**
 * The entries this instance holds, by lane (one target, one job): only a lane's first entry may be sent,
 * and only one at a time, so each target hears of a job's events in the order they were decided. An
 * entry leaves its lane when it is sent or failed. Not thread-safe: {@link DeliveryWorker} locks it.
 */
final class Lanes {
    private final Map<String, TreeSet<Delivery>> lanes = new HashMap<>();
    private final Map<String, Delivery> byId = new HashMap<>();
    private final Set<String> busy = new HashSet<>();
    /** No idle lane's first entry is due before this (null: unknown, look): spares a scan per round. */
    private Instant quietUntil;

    boolean add(Delivery d) {
        if (byId.containsKey(d.id())) {
            return false;
        }
        byId.put(d.id(), d);
        quietUntil = null;
        lanes.computeIfAbsent(
                        d.lane(),
                        k -> new TreeSet<>((a, b) -> {
                            int c = a.compareOrder(b);
                            return c != 0 ? c : a.id().compareTo(b.id());
                        }))
                .add(d);
        return true;
    }

    /** The first entry of each idle lane whose attempt is due at {@code now}; those lanes become busy. */
    List<Delivery> takeDue(Instant now) {
        List<Delivery> due = new ArrayList<>();
        if (quietUntil != null && now.isBefore(quietUntil)) {
            return due;
        }
        Instant next = Instant.MAX;
        for (Map.Entry<String, TreeSet<Delivery>> e : lanes.entrySet()) {
            if (!busy.contains(e.getKey()) && !e.getValue().isEmpty()) {
                Delivery head = e.getValue().first();
                if (head.nextAttemptAt() == null || !head.nextAttemptAt().isAfter(now)) {
                    busy.add(e.getKey());
                    due.add(head);
                } else if (head.nextAttemptAt().isBefore(next)) {
                    next = head.nextAttemptAt();
                }
            }
        }
        quietUntil = next;
        return due;
    }

    /** After an attempt: the entry as it is now (still pending: it stays first), or gone (sent, failed, lost). */
    void done(Delivery before, Delivery after) {
        busy.remove(before.lane());
        quietUntil = null;
        TreeSet<Delivery> lane = lanes.get(before.lane());
        if (lane == null) {
            return;
        }
        lane.remove(before);
        byId.remove(before.id());
        if (after != null && Delivery.PENDING.equals(after.status())) {
            lane.add(after);
            byId.put(after.id(), after);
        } else if (lane.isEmpty()) {
            lanes.remove(before.lane());
        }
    }

    /** Lets a busy lane's entry wait (an earlier entry of its lane is held elsewhere) without an attempt. */
    void release(Delivery d) {
        busy.remove(d.lane());
        quietUntil = null;
    }

    int size() {
        return byId.size();
    }

    Instant oldest() {
        Instant oldest = null;
        for (Delivery d : byId.values()) {
            if (oldest == null || d.createdAt().isBefore(oldest)) {
                oldest = d.createdAt();
            }
        }
        return oldest;
    }

    boolean holds(String id) {
        return byId.containsKey(id);
    }
}

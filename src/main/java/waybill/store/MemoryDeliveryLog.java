package waybill.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outbox of {@link MemoryStore}: the same contract in memory (nothing outlives the process). */
public final class MemoryDeliveryLog implements DeliveryLog {
    /** The store's outbox; a store that keeps none (a test's) gets one in memory. */
    public static DeliveryLog of(Store store) {
        try {
            return store.deliveries();
        } catch (UnsupportedOperationException e) {
            return new MemoryDeliveryLog();
        }
    }

    private final Map<String, Delivery> entries = new LinkedHashMap<>();
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private boolean running;

    @Override
    public synchronized Set<String> record(Collection<Delivery> add, Map<String, Long> moved) {
        Set<String> added = new HashSet<>();
        for (Delivery d : add) {
            if (entries.putIfAbsent(d.id(), d) == null) {
                added.add(d.id());
            }
        }
        // no cursors kept: nothing is committed before this process, so nothing is left underived
        return added;
    }

    @Override
    public List<Committed> underived() {
        return List.of(); // nothing was committed before this process
    }

    @Override
    public void baseline() {}

    @Override
    public synchronized boolean running() {
        return running;
    }

    @Override
    public synchronized void running(boolean on) {
        running = on;
    }

    @Override
    public synchronized List<Delivery> claimable(Instant now, boolean anyClaim, int limit) {
        return list(Delivery.PENDING, Integer.MAX_VALUE).stream()
                .filter(d ->
                        anyClaim || d.leaseUntil() == null || !d.leaseUntil().isAfter(now))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Delivery> claim(Delivery read, String owner, Instant leaseUntil) {
        Delivery cur = entries.get(read.id());
        if (cur == null
                || !Delivery.PENDING.equals(cur.status())
                || !Objects.equals(cur.owner(), read.owner())
                || !Objects.equals(cur.leaseUntil(), read.leaseUntil())) {
            return Optional.empty();
        }
        Delivery mine = cur.claimed(owner, leaseUntil);
        entries.put(mine.id(), mine);
        return Optional.of(mine);
    }

    @Override
    public synchronized boolean update(Delivery after, String owner) {
        Delivery cur = entries.get(after.id());
        if (cur == null || !Objects.equals(cur.owner(), owner) || !Delivery.PENDING.equals(cur.status())) {
            return false;
        }
        entries.put(after.id(), after);
        return true;
    }

    @Override
    public synchronized boolean earlierPending(Delivery d) {
        return entries.values().stream()
                .anyMatch(
                        o -> Delivery.PENDING.equals(o.status()) && o.lane().equals(d.lane()) && o.compareOrder(d) < 0);
    }

    @Override
    public synchronized List<Delivery> list(String status, int limit) {
        return entries.values().stream()
                .filter(d -> status == null || status.equals(d.status()))
                .sorted(Comparator.comparing(Delivery::createdAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Delivery> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public synchronized Optional<Delivery> redeliver(String id, Instant now) {
        entries.computeIfPresent(id, (k, cur) -> Delivery.FAILED.equals(cur.status()) ? cur.redelivered(now) : cur);
        return get(id);
    }

    @Override
    public synchronized List<Webhook> webhooks() {
        return new ArrayList<>(webhooks.values());
    }

    @Override
    public synchronized void addWebhook(Webhook w) {
        webhooks.put(w.id(), w);
    }

    @Override
    public synchronized boolean removeWebhook(String id) {
        return webhooks.remove(id) != null;
    }
}

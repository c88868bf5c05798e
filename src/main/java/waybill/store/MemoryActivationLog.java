package waybill.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.Published;

/** Rulebook activations kept in memory, for as long as the process (the memory store's log). */
final class MemoryActivationLog implements ActivationLog {
    private final List<Published> kept = new ArrayList<>();
    private final Set<String> retimesFinished = new HashSet<>();

    @Override
    public synchronized void recordRetimeFinished(String revision, Instant activatedAt) {
        retimesFinished.add(revision + "@" + activatedAt);
    }

    @Override
    public synchronized boolean retimeFinished(String revision, Instant activatedAt) {
        return retimesFinished.contains(revision + "@" + activatedAt);
    }

    @Override
    public synchronized void publish(Activation activation, Map<String, String> files) {
        kept.add(new Published(kept.size() + 1, activation, Map.copyOf(files)));
    }

    @Override
    public synchronized List<Activation> activations(int limit) {
        return kept.subList(Math.max(0, kept.size() - Math.max(limit, 0)), kept.size()).stream()
                .map(Published::activation)
                .toList();
    }

    @Override
    public synchronized long newestSequence() {
        return kept.size();
    }

    @Override
    public synchronized Optional<Published> published(long sequence) {
        return sequence < 1 || sequence > kept.size() ? Optional.empty() : Optional.of(kept.get((int) sequence - 1));
    }
}

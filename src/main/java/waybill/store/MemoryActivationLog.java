package waybill.store;

import java.util.ArrayList;
import java.util.List;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;

/** Rulebook activations kept in memory, for as long as the process (the memory store's log). */
final class MemoryActivationLog implements ActivationLog {
    private final List<Activation> kept = new ArrayList<>();

    @Override
    public synchronized void recordActivation(Activation activation) {
        kept.add(activation);
    }

    @Override
    public synchronized List<Activation> activations(int limit) {
        return List.copyOf(kept.subList(Math.max(0, kept.size() - Math.max(limit, 0)), kept.size()));
    }
}

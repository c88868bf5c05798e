package waybill.rulesops.history;

import java.util.List;

/**
 * Where rulebook activations are kept beyond the process, so {@code GET /ops/rules/history} shows the
 * rules that were active before a restart. The MongoDB store is one.
 */
public interface ActivationLog {
    /** Keeps an activation durably. */
    void recordActivation(Activation activation);

    /** The newest {@code limit} activations kept, oldest first. */
    List<Activation> activations(int limit);
}

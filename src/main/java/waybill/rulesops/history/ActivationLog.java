package waybill.rulesops.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where rulebook activations are kept beyond the process, so {@code GET /ops/rules/history} shows the
 * rules that were active before a restart. The MongoDB store is one. With instances sharing a store it is
 * also how a rulebook reaches every instance: an activation is published with its rule files' contents,
 * and every instance follows the newest ({@code rulesops.RulesFollower}).
 */
public interface ActivationLog {
    /** Keeps an activation durably, without its files (nothing to follow). */
    default void recordActivation(Activation activation) {
        publish(activation, Map.of());
    }

    /** Keeps an activation durably with the rule files that compile to its revision, after every earlier one. */
    void publish(Activation activation, Map<String, String> files);

    /** The newest {@code limit} activations kept, oldest first. */
    List<Activation> activations(int limit);

    /** The sequence number of the newest activation kept, or 0 when none is: cheap, for a poll. */
    long newestSequence();

    /** The activation kept under {@code sequence}, with its files. */
    Optional<Published> published(long sequence);

    /**
     * Records that the retime asked by the activation of {@code revision} at {@code activatedAt} went
     * through every open job, so a restart does not go through them again. A log that keeps no such
     * record does nothing (the retime is then run again at a restart, moving nothing twice).
     */
    default void recordRetimeFinished(String revision, Instant activatedAt) {}

    /** True when the retime asked by the activation of {@code revision} at {@code activatedAt} was recorded as finished. */
    default boolean retimeFinished(String revision, Instant activatedAt) {
        return false;
    }
}

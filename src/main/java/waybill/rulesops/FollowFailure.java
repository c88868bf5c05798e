package waybill.rulesops;

import java.time.Instant;
import java.util.List;
import waybill.engine.RuleError;

/**
 * A rulebook another instance published that this instance could not compile (a rolling upgrade whose
 * rule vocabulary differs, say): this instance keeps serving its last good rulebook, whole, and says so on
 * {@code GET /ops/rules} and {@code /health} (degraded) until it follows a newer activation.
 *
 * @param sequence the published activation's number in the cluster's order
 * @param revision its revision
 * @param node     the instance that activated it
 * @param at       when this instance tried
 * @param errors   what the compiler said, as file:line: message
 * @param message  the same in a sentence, with the revision kept
 */
public record FollowFailure(
        long sequence, String revision, String node, Instant at, List<RuleError> errors, String message) {}

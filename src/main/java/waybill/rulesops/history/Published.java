package waybill.rulesops.history;

import java.util.Map;

/**
 * An activation as the store keeps it for every instance to follow: its place in the cluster's order
 * ({@code sequence}, the newest is the rulebook every instance serves), the activation, and the rule
 * files' contents (relative path to text) that compile to its revision.
 */
public record Published(long sequence, Activation activation, Map<String, String> files) {}

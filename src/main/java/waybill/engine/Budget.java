package waybill.engine;

import java.time.Duration;

/**
 * What one decision may spend: rule firings and time. A decision past either bound is halted and
 * refused ({@link RuleFailure.Kind#BudgetExceeded}); the job is left as it was. The default is far above
 * what any scenario needs (the most one decision of the fixtures fires is 14 rules; docs/operations.md), so only a
 * rule that loops reaches it.
 */
public record Budget(int maxFirings, Duration maxTime) {
    public static final int DEFAULT_FIRINGS = 1_000;
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(2);
    public static final Budget DEFAULT = new Budget(DEFAULT_FIRINGS, DEFAULT_TIME);

    public Budget {
        if (maxFirings < 1) {
            throw new IllegalArgumentException(
                    "the rule firings of a decision must be bounded by at least 1, not " + maxFirings);
        }
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException(
                    "the time of a decision must be bounded by a positive duration, not " + maxTime);
        }
    }
}

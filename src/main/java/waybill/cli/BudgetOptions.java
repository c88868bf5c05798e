package waybill.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import waybill.engine.Budget;

/** The budget of one decision, as flags shared by serve, replay and diff-rules. */
final class BudgetOptions {
    @Option(
            names = "--max-firings",
            defaultValue = "" + Budget.DEFAULT_FIRINGS,
            description =
                    "rule firings one decision may make before it is stopped and refused (default: ${DEFAULT-VALUE})")
    int maxFirings;

    @Option(
            names = "--max-decision-time",
            defaultValue = "PT2S",
            description =
                    "how long one decision may run before it is stopped and refused, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration maxTime;

    Budget budget() {
        return new Budget(maxFirings, maxTime);
    }
}

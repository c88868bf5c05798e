package waybill.rulesops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;
import waybill.scenario.Failure;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioGate;

/**
 * The reload's fixture gate: a candidate that compiles is activated only when every scenario still
 * passes on it, and a rule that fails while deciding them is named with its file and line.
 */
final class ReloadGate {
    /** What the gate found: the scenarios passed, or why the candidate is refused. */
    record Outcome(int passed, ReloadFailure failure) {}

    private final Path fixtures;
    private final Clock clock;

    ReloadGate(Path fixtures, Clock clock) {
        this.fixtures = fixtures;
        this.clock = clock;
    }

    /** Replays the scenarios against the candidate; any failure refuses it, the old revision staying active. */
    Outcome check(Rulebook candidate, Rulebook old, List<FileChange> changes, Trigger trigger) {
        List<Failure> failures;
        int passed;
        try {
            List<Scenario> scenarios = new ScenarioGate(fixtures).scenarios();
            failures = ScenarioGate.check(candidate, scenarios);
            passed = scenarios.size();
        } catch (IOException | RuntimeException e) {
            return refused(
                    candidate,
                    old,
                    changes,
                    trigger,
                    null,
                    List.of(),
                    "the fixtures in " + fixtures + " could not be replayed (" + e.getMessage() + "); revision "
                            + old.revision() + " stays active. Reload with force=true "
                            + "to activate without the fixture gate");
        }
        List<RuleError> ruleErrors = failures.stream()
                .map(Failure::rule)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        if (!ruleErrors.isEmpty()) {
            return refused(
                    candidate,
                    old,
                    changes,
                    trigger,
                    ruleErrors,
                    failures.stream().filter(f -> f.rule() != null).toList(),
                    "revision " + candidate.revision() + " compiles but its rules fail while deciding the fixtures: "
                            + ruleErrors.get(0) + "; revision " + old.revision()
                            + " stays active. Fix the rule: forced in, every decision that reaches it would be refused");
        }
        if (!failures.isEmpty()) {
            return refused(
                    candidate,
                    old,
                    changes,
                    trigger,
                    null,
                    failures,
                    "revision " + candidate.revision() + " compiles but fails " + failures.size()
                            + " fixture expectation(s) in " + fixtures + "; revision " + old.revision()
                            + " stays active. Update the fixtures that encode the old behaviour, or reload with "
                            + "force=true to activate anyway");
        }
        return new Outcome(passed, null);
    }

    private Outcome refused(
            Rulebook candidate,
            Rulebook old,
            List<FileChange> changes,
            Trigger trigger,
            List<RuleError> errors,
            List<Failure> failures,
            String message) {
        return new Outcome(
                0,
                ReloadFailure.fixtures(
                        clock.instant(),
                        trigger,
                        candidate.revision(),
                        old.revision(),
                        changes,
                        errors,
                        failures,
                        message));
    }
}

package waybill.rulesops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import waybill.engine.Budget;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;
import waybill.scenario.Failure;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioGate;

/**
 * The steps of a reload before the swap: the folder read and compiled ({@link #compile}), then the
 * fixture gate: every scenario of the fixtures folder replayed against the candidate.
 * Answers how many passed, or why the candidate is refused (the fixtures cannot be read, its rules fail
 * while deciding them, or expectations fail); the caller retires a refused candidate.
 */
final class ReloadGate {
    /** {@code failure} null: every scenario passed. */
    record Verdict(int passed, ReloadFailure failure) {}

    /** The folder read and compiled, or why not ({@code failure}). */
    record Candidate(Map<String, String> files, Rulebook rulebook, ReloadFailure failure) {}

    /** Reads and compiles the rules folder beside the active rulebook {@code old}. */
    static Candidate compile(Path dir, Budget budget, Clock clock, Rulebook old, Trigger trigger) {
        Map<String, String> files;
        try {
            files = RulebookLoader.read(dir);
        } catch (IOException e) {
            return new Candidate(
                    null,
                    null,
                    ReloadFailure.compile(
                            clock.instant(),
                            trigger,
                            old.revision(),
                            List.of(new RuleError(dir.toString(), 0, e.getMessage())),
                            e.getMessage()));
        }
        try {
            return new Candidate(files, RulebookLoader.compile(files, clock.instant(), budget), null);
        } catch (RuleCompileException e) {
            return new Candidate(
                    files,
                    null,
                    ReloadFailure.compile(
                                    clock.instant(),
                                    trigger,
                                    old.revision(),
                                    e.errors(),
                                    "the rules in " + dir + " do not compile ("
                                            + e.errors().size() + " error(s)); revision " + old.revision()
                                            + " stays active: fix the files and reload")
                            .withCandidate(RulebookLoader.revisionOf(files)));
        }
    }

    private final Path fixtures;
    private final Clock clock;

    ReloadGate(Path fixtures, Clock clock) {
        this.fixtures = fixtures;
        this.clock = clock;
    }

    Verdict check(Rulebook candidate, Rulebook old, Trigger trigger, List<FileChange> changes) {
        List<Failure> failures;
        int passed;
        try {
            List<Scenario> scenarios = new ScenarioGate(fixtures).scenarios();
            failures = ScenarioGate.check(candidate, scenarios);
            passed = scenarios.size();
        } catch (IOException | RuntimeException e) {
            return refused(ReloadFailure.fixtures(
                    clock.instant(),
                    trigger,
                    candidate.revision(),
                    old.revision(),
                    changes,
                    null,
                    List.of(),
                    "the fixtures in " + fixtures + " could not be replayed ("
                            + e.getMessage() + "); revision " + old.revision()
                            + " stays active. Reload with force=true "
                            + "to activate without the fixture gate"));
        }
        List<RuleError> ruleErrors = failures.stream()
                .map(Failure::rule)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if (!ruleErrors.isEmpty()) {
            return refused(ReloadFailure.fixtures(
                    clock.instant(),
                    trigger,
                    candidate.revision(),
                    old.revision(),
                    changes,
                    ruleErrors,
                    failures.stream().filter(f -> f.rule() != null).toList(),
                    "revision " + candidate.revision()
                            + " compiles but its rules fail while deciding the fixtures: "
                            + ruleErrors.get(0) + "; revision " + old.revision()
                            + " stays active. Fix the rule: forced in, "
                            + "every decision that reaches it would be refused"));
        }
        if (!failures.isEmpty()) {
            return refused(ReloadFailure.fixtures(
                    clock.instant(),
                    trigger,
                    candidate.revision(),
                    old.revision(),
                    changes,
                    null,
                    failures,
                    "revision " + candidate.revision() + " compiles but fails "
                            + failures.size() + " fixture expectation(s) in " + fixtures + "; revision "
                            + old.revision()
                            + " stays active. Update the fixtures that encode the old behaviour, or reload with "
                            + "force=true to activate anyway"));
        }
        return new Verdict(passed, null);
    }

    private static Verdict refused(ReloadFailure failure) {
        return new Verdict(0, failure);
    }
}

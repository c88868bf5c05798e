package waybill.rulesops;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import waybill.engine.Budget;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;

/**
 * What a reload would activate, decided before anything changes: the folder compiled beside the active
 * rulebook, the same revision recognised (nothing to do), the candidate checked against the fixtures
 * (unless forced), and the activation that would record it. A refused or unchanged candidate is retired
 * here; only {@link RulesHolder} makes one active.
 *
 * @param rulebook the candidate to activate; null when refused or unchanged
 * @param activation how it would be recorded; null when refused or unchanged
 * @param files the candidate's rule files, path to text
 * @param unchanged the folder compiles to the active revision
 * @param failure why the candidate was refused, or null
 */
record ReloadCandidate(
        Rulebook rulebook, Activation activation, Map<String, String> files, boolean unchanged, ReloadFailure failure) {

    /** What the rules needed to prepare a candidate: where they are, the gate, who asks and as which instance. */
    record Ask(
            Path dir,
            Path fixtures,
            Budget budget,
            Clock clock,
            Trigger trigger,
            boolean force,
            String node,
            String by,
            boolean retime) {}

    /** Compiles {@code ask.dir()}, and unless forced checks the candidate against the fixtures, beside {@code old}. */
    static ReloadCandidate prepare(Ask ask, Rulebook old) {
        long started = System.nanoTime();
        ReloadGate.Candidate compiled = ReloadGate.compile(ask.dir(), ask.budget(), ask.clock(), old, ask.trigger());
        if (compiled.failure() != null) {
            return refused(compiled.failure());
        }
        Rulebook candidate = compiled.rulebook();
        List<FileChange> changes = FileChange.between(old.files(), candidate.files());
        if (candidate.revision().equals(old.revision())) {
            RulebookLoader.retire(candidate);
            ReloadLog.unchanged(ask.dir(), old.revision());
            return new ReloadCandidate(null, null, Map.of(), true, null);
        }
        int passed = 0;
        if (!ask.force() && ask.fixtures() != null) {
            ReloadGate.Verdict verdict =
                    new ReloadGate(ask.fixtures(), ask.clock()).check(candidate, old, ask.trigger(), changes);
            if (verdict.failure() != null) {
                RulebookLoader.retire(candidate);
                return refused(verdict.failure());
            }
            passed = verdict.passed();
        }
        Activation activation = ReloadLog.activation(
                        candidate,
                        old,
                        ask.clock().instant(),
                        ask.trigger(),
                        ask.force(),
                        changes,
                        passed,
                        started,
                        ask.node(),
                        ask.by())
                .retiming(ask.retime());
        return new ReloadCandidate(candidate, activation, compiled.files(), false, null);
    }

    private static ReloadCandidate refused(ReloadFailure failure) {
        return new ReloadCandidate(null, null, Map.of(), false, failure);
    }
}

package waybill.rulesops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import waybill.engine.RuleError;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;
import waybill.scenario.Failure;

/**
 * A candidate rulebook that was not activated, and why: it does not compile ({@code kind = compile},
 * {@code errors} with file and line), or it compiles but scenarios fail ({@code kind = fixtures},
 * {@code fixtureFailures} with file, step, expected and actual; with {@code errors} too, as file:line,
 * when rules failed while deciding them: a rule threw or a decision went past its budget). The active
 * revision stayed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReloadFailure(
        Instant at,
        Trigger trigger,
        String kind,
        String candidateRevision,
        String activeRevision,
        List<FileChange> changedFiles,
        List<RuleError> errors,
        List<Failure> fixtureFailures,
        String message) {
    public static final String COMPILE = "compile";
    public static final String FIXTURES = "fixtures";

    /** The candidate did not compile (or could not be read): its errors, with file and line. */
    public static ReloadFailure compile(
            Instant at, Trigger trigger, String activeRevision, List<RuleError> errors, String message) {
        return new ReloadFailure(at, trigger, COMPILE, null, activeRevision, List.of(), errors, null, message);
    }

    /** The candidate compiled but failed the scenarios (its rules failing while deciding them: {@code errors}). */
    public static ReloadFailure fixtures(
            Instant at,
            Trigger trigger,
            String candidateRevision,
            String activeRevision,
            List<FileChange> changedFiles,
            List<RuleError> errors,
            List<Failure> fixtureFailures,
            String message) {
        return new ReloadFailure(
                at,
                trigger,
                FIXTURES,
                candidateRevision,
                activeRevision,
                changedFiles,
                errors,
                fixtureFailures,
                message);
    }

    /** The same failure, naming the candidate's revision (the hash of its files, compiled or not). */
    public ReloadFailure withCandidate(String revision) {
        return new ReloadFailure(
                at, trigger, kind, revision, activeRevision, changedFiles, errors, fixtureFailures, message);
    }

    /** The failure as lines for a log or a terminal: file:line: message, or file step n: expected / actual. */
    public List<String> lines() {
        if (errors != null && !errors.isEmpty()) {
            return errors.stream()
                    .map(e -> e.file() + ":" + e.line() + ": " + e.message())
                    .toList();
        }
        if (fixtureFailures != null) {
            return fixtureFailures.stream()
                    .map(f -> f.file() + " step " + f.step() + " (" + f.stepDescription() + "): " + f.what()
                            + "; expected " + f.expected() + ", actual " + f.actual())
                    .toList();
        }
        return List.of(message);
    }
}

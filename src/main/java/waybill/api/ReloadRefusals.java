package waybill.api;

import java.util.List;
import waybill.rulesops.ReloadFailure;

/** A refused reload or dry run as an error: the HTTP layer's translation of a {@link ReloadFailure}. */
final class ReloadRefusals {
    private ReloadRefusals() { }

    /** The 422 a refused reload (or dry run) answers: the same detail as {@code lastFailure}. */
    static ApiException of(ReloadFailure f) {
        if (ReloadFailure.COMPILE.equals(f.kind())) {
            List<ApiException.Detail> details = f.errors().stream()
                    .map(e -> new ApiException.Detail("RuleError", e.message(), e.file() + ":" + e.line())).toList();
            return new ApiException(ErrorCode.RulesDoNotCompile, f.message(), "rules", details)
                    .with("kind", f.kind()).with("errors", f.errors()).with("activeRevision", f.activeRevision());
        }
        List<ApiException.Detail> details = f.fixtureFailures().stream()
                .map(x -> new ApiException.Detail("FixtureFailed", x.what() + ": expected " + x.expected() + ", actual "
                        + x.actual(), x.file() + " step " + x.step())).toList();
        return new ApiException(ErrorCode.RulesFailFixtures, f.message(), "fixtures", details)
                .with("kind", f.kind()).with("fixtureFailures", f.fixtureFailures())
                .with("candidateRevision", f.candidateRevision()).with("activeRevision", f.activeRevision())
                .with("changedFiles", f.changedFiles());
    }
}

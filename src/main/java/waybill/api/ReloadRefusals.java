package waybill.api;

import java.util.ArrayList;
import java.util.List;
import waybill.rulesops.ReloadFailure;

/** A refused reload or dry run as an error: the HTTP layer's translation of a {@link ReloadFailure}. */
final class ReloadRefusals {
    private ReloadRefusals() {}

    /** The 422 a refused reload (or dry run) answers: the same detail as {@code lastFailure}. */
    static ApiException of(ReloadFailure f) {
        if (ReloadFailure.COMPILE.equals(f.kind())) {
            List<ApiException.Detail> details = f.errors().stream()
                    .map(e -> new ApiException.Detail("RuleError", e.message(), e.file() + ":" + e.line()))
                    .toList();
            ApiException e = new ApiException(ErrorCode.RulesDoNotCompile, f.message(), "rules", details)
                    .with("kind", f.kind())
                    .with("errors", f.errors());
            if (f.candidateRevision() != null) {
                e.with("candidateRevision", f.candidateRevision());
            }
            return e.with("activeRevision", f.activeRevision());
        }
        List<ApiException.Detail> details = new ArrayList<>();
        if (f.errors() != null) {
            // rules that failed while deciding the fixtures are listed like compile errors
            f.errors()
                    .forEach(e ->
                            details.add(new ApiException.Detail("RuleError", e.message(), e.file() + ":" + e.line())));
        }
        f.fixtureFailures()
                .forEach(x -> details.add(new ApiException.Detail(
                        "FixtureFailed",
                        x.what() + ": expected " + x.expected() + ", actual " + x.actual(),
                        x.file() + " step " + x.step())));
        ApiException e = new ApiException(ErrorCode.RulesFailFixtures, f.message(), "fixtures", details);
        if (f.errors() != null) {
            e.with("errors", f.errors());
        }
        return e.with("kind", f.kind())
                .with("fixtureFailures", f.fixtureFailures())
                .with("candidateRevision", f.candidateRevision())
                .with("activeRevision", f.activeRevision())
                .with("changedFiles", f.changedFiles());
    }
}

package waybill.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;

/**
 * The active rulebook. A reload compiles the whole folder beside it and swaps atomically on success;
 * on failure the old rules stay and the failure is kept for {@code GET /ops/rules}.
 */
public final class RulesHolder implements Supplier<Rulebook> {
    private static final Logger LOG = LoggerFactory.getLogger(RulesHolder.class);

    /** A reload that failed: when, and every error with its file and line. */
    public record Failure(Instant at, List<RuleError> errors) { }

    private final Path dir;
    private final Clock clock;
    private final AtomicReference<Rulebook> active = new AtomicReference<>();
    private volatile Failure lastFailure;

    public RulesHolder(Path dir, Clock clock, Rulebook initial) {
        this.dir = dir;
        this.clock = clock;
        this.active.set(initial);
    }

    /** Compiles the folder at start; a failure here stops the service. */
    public static RulesHolder load(Path dir, Clock clock) throws IOException, RuleCompileException {
        return new RulesHolder(dir, clock, RulebookLoader.load(dir, clock.instant()));
    }

    @Override
    public Rulebook get() {
        return active.get();
    }

    public Path dir() {
        return dir;
    }

    public Failure lastFailure() {
        return lastFailure;
    }

    /** Compiles the folder again; answers the new rulebook or throws with every error (422). */
    public synchronized Rulebook reload() {
        Rulebook next;
        try {
            next = RulebookLoader.load(dir, clock.instant());
        } catch (RuleCompileException e) {
            return fail(e.errors());
        } catch (IOException e) {
            return fail(List.of(new RuleError(dir.toString(), 0, e.getMessage())));
        }
        Rulebook old = active.getAndSet(next);
        if (old != null && old != next) {
            RulebookLoader.retire(old);
        }
        LOG.info("rules reloaded from {}: revision {} ({} rules), was {}", dir, next.revision(),
                next.rules().size(), old == null ? "none" : old.revision());
        return next;
    }

    private Rulebook fail(List<RuleError> errors) {
        lastFailure = new Failure(clock.instant(), errors);
        LOG.warn("rules reload from {} failed; revision {} stays active: {}", dir, get().revision(), errors);
        List<ApiException.Detail> details = errors.stream()
                .map(e -> new ApiException.Detail("RuleError", e.message(), e.file() + ":" + e.line())).toList();
        throw new ApiException(ErrorCode.RulesDoNotCompile, "the rules in " + dir + " do not compile ("
                + errors.size() + " error(s)); revision " + get().revision() + " stays active: fix the files and reload",
                "rules", details).with("errors", errors).with("activeRevision", get().revision());
    }
}

package waybill.rulesops;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.Rulebook;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;

/** What a reload records: the activation it makes, and the log lines of an activation or a refusal. */
final class ReloadLog {
    private static final Logger LOG = LoggerFactory.getLogger(RulesHolder.class);

    private ReloadLog() {}

    /** The start activation: the folder's rulebook, every file new, no gate. */
    static Activation start(Rulebook initial, Instant at) {
        return new Activation(
                initial.revision(),
                at,
                Trigger.START,
                false,
                null,
                FileChange.between(java.util.Map.of(), initial.files()),
                initial.rules().size(),
                0,
                0);
    }

    /** The activation of {@code candidate} in place of {@code old}; {@code started} is the reload's nanoTime. */
    static Activation activation(
            Rulebook candidate,
            Rulebook old,
            Instant at,
            Trigger trigger,
            boolean force,
            List<FileChange> changes,
            int passed,
            long started,
            String node,
            String by) {
        return new Activation(
                candidate.revision(),
                at,
                force ? Trigger.FORCED : trigger,
                force,
                old.revision(),
                changes,
                candidate.rules().size(),
                passed,
                (System.nanoTime() - started) / 1_000_000,
                node,
                by);
    }

    static void activated(Activation activation, Rulebook candidate, Rulebook old) {
        LOG.info(
                "rules activated ({}{}): revision {} ({} rules) replaces {}; changed {}; {} in {} ms",
                activation.trigger(),
                activation.forced() ? ", fixture gate skipped" : "",
                candidate.revision(),
                candidate.rules().size(),
                old.revision(),
                activation.changedFiles(),
                activation.forced() ? "no scenarios checked" : activation.scenariosPassed() + " scenario(s) passed",
                activation.reloadMillis());
    }

    static void unchanged(Path dir, String revision) {
        LOG.info("rules in {} unchanged (revision {}); nothing to activate", dir, revision);
    }

    static void refused(ReloadFailure failure, Path dir) {
        LOG.warn(
                "rules reload ({}) from {} refused: {}; revision {} stays active:\n    {}",
                failure.trigger(),
                dir,
                failure.kind(),
                failure.activeRevision(),
                String.join("\n    ", failure.lines()));
    }
}

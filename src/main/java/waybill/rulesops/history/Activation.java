package waybill.rulesops.history;

import java.time.Instant;
import java.util.List;

/**
 * One rulebook made active: its revision (a hash of its files), when, by what, the revision it
 * replaced, the files that changed, how many scenarios it passed (0 when forced: the gate was
 * skipped), how long compiling and checking took, and the name of the key that asked for it (null
 * when no key did: at start, or the folder watcher).
 */
public record Activation(
        String revision,
        Instant activatedAt,
        Trigger trigger,
        boolean forced,
        String previousRevision,
        List<FileChange> changedFiles,
        int rules,
        int scenariosPassed,
        long reloadMillis,
        String activatedBy) {

    /** An activation no key asked for by name: at start, by the folder watcher, or recorded before keys had names. */
    public Activation(
            String revision,
            Instant activatedAt,
            Trigger trigger,
            boolean forced,
            String previousRevision,
            List<FileChange> changedFiles,
            int rules,
            int scenariosPassed,
            long reloadMillis) {
        this(
                revision,
                activatedAt,
                trigger,
                forced,
                previousRevision,
                changedFiles,
                rules,
                scenariosPassed,
                reloadMillis,
                null);
    }
}

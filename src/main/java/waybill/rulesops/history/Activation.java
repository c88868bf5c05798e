package waybill.rulesops.history;

import java.time.Instant;
import java.util.List;

/**
 * One rulebook made active: its revision (a hash of its files), when, by what, the revision it
 * replaced, the files that changed, how many scenarios it passed (0 when forced: the gate was
 * skipped), and how long compiling and checking took.
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
        long reloadMillis) {}

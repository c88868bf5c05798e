package waybill.rulesops.history;

import java.time.Instant;
import java.util.List;

/**
 * One rulebook made active: its revision (a hash of its files), when, by what, the revision it
 * replaced, the files that changed, how many scenarios it passed (0 when forced: the gate was
 * skipped), how long compiling and checking took, and the service instance that activated it
 * ({@code node}: null in a process that names none). With instances sharing a store, every instance
 * serves the newest activation any of them made: {@code node} says where it came from.
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
        String node) {

    /** The same activation, made by the instance {@code node}. */
    public Activation by(String node) {
        return new Activation(
                revision,
                activatedAt,
                trigger,
                forced,
                previousRevision,
                changedFiles,
                rules,
                scenariosPassed,
                reloadMillis,
                node);
    }
}

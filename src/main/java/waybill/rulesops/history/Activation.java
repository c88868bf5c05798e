package waybill.rulesops.history;

import java.time.Instant;
import java.util.List;

/**
 * One rulebook made active: its revision (a hash of its files), when, by what, the revision it
 * replaced, the files that changed, how many scenarios it passed (0 when forced: the gate was
 * skipped), how long compiling and checking took, the service instance that activated it
 * ({@code node}: null in a process that names none) and the name of the key that asked for it
 * ({@code activatedBy}: null when no key did: at start, or the folder watcher). With instances sharing a
 * store, every instance serves the newest activation any of them made: {@code node} says where it came from.
 * {@code retime}: the reload asked for the open jobs' deadlines to move where the new rules set them; the
 * instance that activated does it (and resumes it when it starts again).
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
        String node,
        String activatedBy,
        boolean retime) {

    /** An activation that moves no open job's deadline. */
    public Activation(
            String revision,
            Instant activatedAt,
            Trigger trigger,
            boolean forced,
            String previousRevision,
            List<FileChange> changedFiles,
            int rules,
            int scenariosPassed,
            long reloadMillis,
            String node,
            String activatedBy) {
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
                node,
                activatedBy,
                false);
    }

    /** An activation no key asked for by name, on no named instance: at start, by the folder watcher, or recorded before. */
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
                null,
                null);
    }

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
                node,
                activatedBy,
                retime);
    }

    /** The same activation, asking (or not) for the open jobs' deadlines to move. */
    public Activation retiming(boolean retime) {
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
                node,
                activatedBy,
                retime);
    }
}

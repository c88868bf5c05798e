package waybill.store;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a store offers a backup while it keeps serving ({@code POST /ops/backup}; the archive, written by
 * {@code waybill.backup}, and what it promises: docs/operations.md, "Backup and restore"). Offered by
 * {@link Store#backup()}; a store without it (the memory store) answers empty there.
 *
 * @param source   what the archive is taken from, for its header: "embedded" or "mongodb"
 * @param snapshot true when each collection's scan reads one version of the store (the embedded file): no
 *                 gap can show in a job's log; false when the decisions come sorted by job and version
 * @param scan     every document of a collection, by name
 * @param hold     taken before the first scan and closed after the last: keeps the versions read from being
 *                 freed meanwhile (a no-op where the scans are no snapshot)
 */
public record Backup(
        String source,
        boolean snapshot,
        Function<String, Iterable<? extends Map<String, Object>>> scan,
        Supplier<Hold> hold) {

    /** The versions of the store a backup reads, held until closed. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}

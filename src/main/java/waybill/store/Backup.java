package waybill.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A store that writes everything it keeps to an archive while it keeps serving ({@code POST /ops/backup};
 * the format and what it promises: docs/operations.md, "Backup and restore"). Offered by
 * {@link Store#backup()}; a store without it (the memory store) answers empty there.
 */
public interface Backup {
    /**
     * Writes the archive to {@code out}. Every fact acknowledged before the call is in it. If writing fails
     * part-way the archive has no trailer, and restore refuses it.
     *
     * @param at the instant the archive's header names (the service's clock)
     * @return the documents written per collection
     */
    Map<String, Long> writeTo(OutputStream out, java.time.Instant at) throws IOException;
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.backup.ArchiveWriter;
import waybill.store.Backup;
import waybill.store.Store;

/**
 * {@code POST /ops/backup} (admin): the archive of everything the store keeps, streamed while the service
 * keeps serving (docs/operations.md, "Backup and restore"). A failure part-way cannot change the status
 * already sent: the archive then ends without its trailer, and restore refuses it.
 */
final class BackupRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Store store;
    private final Clock clock;

    BackupRoutes(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        r.post("/ops/backup", this::backup);
    }

    private void backup(Context ctx) throws IOException {
        Backup backup = store.backup()
                .orElseThrow(() -> new ApiException(
                        ErrorCode.Conflict,
                        "this service's store (" + store.describe() + ") keeps nothing beyond the process to back up",
                        "store"));
        Instant at = clock.instant();
        ctx.contentType("application/gzip");
        ctx.header("Content-Disposition", "attachment; filename=\"waybill-backup-" + STAMP.format(at) + ".jsonl.gz\"");
        long t0 = System.nanoTime();
        var counts = new ArchiveWriter(backup).write(ctx.outputStream(), at);
        LOG.info("backup written in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, counts);
    }
}

package waybill.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import waybill.backup.ArchiveWriter;
import waybill.backup.Restore;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Backup and restore rates on the embedded store, and facts/s while a backup runs against facts/s without
 * one (docs/benchmarks.md, "Backup and restore"). {@code JOBS} jobs are seeded through the real
 * {@link Processor} (each created, shipped, arrived and transferring: four decisions) by {@code WRITERS}
 * writers; then: one backup to a file (documents/s, jobs/s, MB), one restore of it into a new folder
 * (documents/s, the roll-forward included); then writers in a closed loop sending {@code DriveProgress}
 * facts for {@code SECONDS} without a backup, and for as long again with backups running back to back.
 *
 * <pre>BackupRate [JOBS=100000] [SECONDS=10] [WRITERS=16] [DATA_PARENT=/tmp]</pre>
 */
public final class BackupRate {
    private BackupRate() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Path parent = Path.of(args.length > 3 ? args[3] : "/tmp");
        Rulebook rules = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
        Path original = Files.createTempDirectory(parent, "waybill-backup-src");
        Path restored = Files.createTempDirectory(parent, "waybill-backup-dst");
        Path archive = original.resolveSibling(original.getFileName() + ".jsonl.gz");
        System.out.printf(
                "backup benchmark: %,d jobs, %d s per figure, %d writers; load average %s%n",
                jobs, seconds, writers, StoreScale.loadAverage());
        try {
            List<String> ids;
            try (Store store = StoreFactory.embedded(original)) {
                Processor p = new Processor(() -> rules, store, new ManualClock(StoreScale.T0));
                long t0 = System.nanoTime();
                ids = seed(p, jobs, writers);
                System.out.printf(
                        "seeded %,d jobs (%,d decisions) in %.1f s%n", jobs, jobs * 4L, (System.nanoTime() - t0) / 1e9);

                t0 = System.nanoTime();
                Map<String, Long> counts;
                try (OutputStream out = Files.newOutputStream(archive)) {
                    counts = new ArchiveWriter(store.backup().orElseThrow()).write(out, StoreScale.T0);
                }
                double took = (System.nanoTime() - t0) / 1e9;
                long docs = counts.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf(
                        "backup: %,d documents (%,d jobs) in %.2f s: %,.0f documents/s, %,.0f jobs/s; archive %.1f MB%n",
                        docs,
                        counts.get("jobs"),
                        took,
                        docs / took,
                        counts.get("jobs") / took,
                        Files.size(archive) / 1e6);

                double without = StoreScale.closed(p, writers, seconds, ids, "a");
                double with = closedDuringBackups(p, writers, seconds, ids, store);
                System.out.printf(
                        "facts/s without a backup: %.0f; during back-to-back backups: %.0f (%.2f of it); load average %s%n",
                        without, with, with / without, StoreScale.loadAverage());
            }
            long t0 = System.nanoTime();
            Restore.Report r = new Restore(archive, line -> {}).into(new Restore.Target(restored, null), false);
            double took = (System.nanoTime() - t0) / 1e9;
            long docs = r.counts().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(
                    "restore (embedded, verification and roll-forward included): %,d documents in %.2f s: %,.0f documents/s, %,.0f jobs/s%n",
                    docs, took, docs / took, r.counts().get("jobs") / took);
        } finally {
            StoreScale.delete(original);
            StoreScale.delete(restored);
            Files.deleteIfExists(archive);
        }
        System.exit(0);
    }

    private static List<String> seed(Processor p, int jobs, int writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int n = i;
                made.add(pool.submit(() -> StoreScale.seed(p, n)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : made) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link StoreScale#closed} while backups to nowhere run back to back in a thread of their own. */
    private static double closedDuringBackups(Processor p, int writers, int seconds, List<String> ids, Store store)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong archives = new AtomicLong();
        Thread backups = new Thread(() -> {
            while (!stop.get()) {
                try {
                    new ArchiveWriter(store.backup().orElseThrow())
                            .write(OutputStream.nullOutputStream(), StoreScale.T0);
                    archives.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        backups.start();
        try {
            return StoreScale.closed(p, writers, seconds, ids, "b");
        } finally {
            stop.set(true);
            backups.join();
            System.out.printf("  %d backups completed during the %d s%n", archives.get(), seconds);
        }
    }
}

package waybill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * The timer sweep at scale, against the persistence ceiling in the same run: {@link BulkLoad} fills a data
 * folder with {@code stored} jobs (1 in 100 due), the store is opened as the service opens it (the restart is
 * timed), the ceiling is measured ({@link StoreCeiling}, 16 writers), then {@code Processor.fireDue} fires
 * every due timer (each a full durable decision: a package that never arrived, two actions). Timers per
 * second over the ceiling is the figure ({@code RESULT sweep_over_ceiling}). The data folder is deleted at the end.
 *
 * <pre>SweepScale [stored=1000000] [dataParent=/tmp]</pre>
 */
public final class SweepScale {
    private SweepScale() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path parent = Path.of(args.length > 1 ? args[1] : "/tmp");
        Rulebook rules = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
        Path dir = Files.createTempDirectory(parent, "waybill-sweep");
        try {
            System.out.printf("load average at start: %s%n", StoreScale.loadAverage());
            long l0 = System.nanoTime();
            Instant until = BulkLoad.load(dir, n, rules);
            System.out.printf("bulk load of %,d jobs: %.1f s%n", n, (System.nanoTime() - l0) / 1e9);
            long o0 = System.nanoTime();
            Store store = StoreFactory.embedded(dir);
            System.out.printf("store opened (restart) over %,d jobs: %.1f s%n", n, (System.nanoTime() - o0) / 1e9);
            System.gc();
            System.out.printf(
                    "heap used with the store open, after a GC: %,d MB%n",
                    java.lang.management.ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed()
                            >> 20);
            try {
                System.out.printf("load average before the ceiling: %s%n", StoreScale.loadAverage());
                double ceiling = StoreCeiling.measure(new String[] {"16", "15", "1", "2438", "256", "5"});
                Processor p = new Processor(() -> rules, store, new ManualClock(until), SweepBenchmark.POOL);
                long w0 = System.nanoTime();
                int warm = p.fireDue(until.minus(java.time.Duration.ofDays(1))).size(); // BulkLoad's warm-up set
                System.out.printf("warm-up sweep: %,d fired in %.2f s%n", warm, (System.nanoTime() - w0) / 1e9);
                System.out.printf("load average before the sweep: %s%n", StoreScale.loadAverage());
                long f0 = System.nanoTime();
                List<Decision> fired = p.fireDue(until);
                double s = (System.nanoTime() - f0) / 1e9;
                int expected = (n + 99) / 100;
                System.out.printf(
                        "sweep: %,d due among %,d stored fired in %.2f s = %.0f timers/s (%.0f µs each)%n",
                        fired.size(), n, s, fired.size() / s, s * 1e6 / Math.max(1, fired.size()));
                if (fired.size() != expected) {
                    throw new IllegalStateException("fired " + fired.size() + ", expected " + expected);
                }
                System.out.printf("RESULT sweep_timers_per_s=%.0f%n", fired.size() / s);
                System.out.printf("RESULT sweep_over_ceiling=%.2f%n", fired.size() / s / ceiling);
                System.out.printf("load average at the end: %s%n", StoreScale.loadAverage());
            } finally {
                store.close();
            }
        } finally {
            StoreScale.delete(dir);
        }
        System.exit(0);
    }
}

package waybill.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.Fact;
import waybill.json.Mappers;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Facts through the real {@link Processor} on the embedded store (as the service opens it), against the
 * persistence ceiling ({@link StoreCeiling}: the same writer count, one committed insert of a decision-sized
 * document each) measured in the same JVM, before and after. Three figures:
 * <ul>
 *   <li>{@code one-job}: {@code writers} threads sending DriveProgress facts to one job;
 *   <li>{@code many-jobs}: the same threads spread round-robin over {@code jobs} jobs;
 *   <li>{@code latency}: open loop at half the many-jobs rate (each fact sent at its planned instant by a
 *       pool of 64 senders; latency counted from the planned instant, so a stall is not hidden), p50 / p99.
 * </ul>
 * Each round measures the ceiling, many-jobs, one-job and the ceiling again ({@code seconds} each); a
 * figure's ratio is over the mean of the two ceilings around it, and the median over rounds is reported.
 * <pre>StoreScale [writers=16] [seconds=5] [jobs=256] [rounds=5] [ceilingBytes=2438]</pre>
 */
public final class StoreScale {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /**
     * The facts' reader, made once as the service's HTTP layer makes its own: a mapper made for each fact
     * builds its deserializers again each time, and that harness cost was counted as the fact's.
     */
    private static final ObjectReader FACTS = Mappers.json().readerFor(Fact.class);

    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/scale";

    private StoreScale() {}

    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int bytes = args.length > 4 ? Integer.parseInt(args[4]) : 2438;
        System.out.printf("load average at start: %s%n", loadAverage());
        Rulebook rules = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
        Path dir = Files.createTempDirectory("waybill-scale");
        List<Double> oneRatio = new ArrayList<>();
        List<Double> manyRatio = new ArrayList<>();
        List<Double> manyRates = new ArrayList<>();
        try (Store store = StoreFactory.embedded(dir);
                Ceiling ceiling = new Ceiling(writers, bytes, jobs)) {
            Processor p = new Processor(() -> rules, store, new ManualClock(T0));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(seed(p, i));
            }
            // warm-up of both, unmeasured
            ceiling.measure(seconds, "w");
            closed(p, writers, seconds, ids, "w");
            closed(p, writers, seconds, ids.subList(0, 1), "x");
            // rounds: the ceiling, then each figure right after it (the machine's load moves within a run)
            for (int r = 1; r <= rounds; r++) {
                String load = loadAverage();
                double c = ceiling.measure(seconds, "c" + r);
                double many = closed(p, writers, seconds, ids, "m" + r + "-");
                double one = closed(p, writers, seconds, ids.subList(0, 1), "o" + r + "-");
                double c2 = ceiling.measure(seconds, "d" + r);
                double mean = (c + c2) / 2;
                manyRates.add(many);
                manyRatio.add(many / mean);
                oneRatio.add(one / mean);
                System.out.printf(
                        "round %d (load %s): ceiling %.0f / %.0f writes/s; many-jobs %.0f facts/s = %.2f; one-job %.0f"
                                + " facts/s = %.2f%n",
                        r, load, c, c2, many, many / mean, one, one / mean);
            }
            double half = median(manyRates) / 2;
            double[] latency = open(p, half, seconds * 3, ids);
            System.out.printf(
                    "latency: open loop at %.0f facts/s (half the median many-jobs rate) over %d jobs, %d s (load %s):"
                            + " %d sent, %.0f/s done, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    half,
                    jobs,
                    seconds * 3,
                    loadAverage(),
                    (long) latency[0],
                    latency[1],
                    latency[2],
                    latency[3],
                    latency[4]);
            System.out.printf("RESULT one_job_over_ceiling=%.2f (median of %d rounds)%n", median(oneRatio), rounds);
            System.out.printf("RESULT many_jobs_over_ceiling=%.2f (median of %d rounds)%n", median(manyRatio), rounds);
            System.out.printf("RESULT half_load_p99_ms=%.1f%n", latency[3]);
        } finally {
            delete(dir);
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
        System.exit(0);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void report(String name, String what, double rate) {
        System.out.printf("%s: %s: %.0f facts/s%n", name, what, rate);
    }

    /** Writers in a closed loop, each sending the next fact once its last was answered; facts per second. */
    static double closed(Processor p, int writers, int seconds, List<String> ids, String tag)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    long k = next.getAndIncrement();
                    accept(p, progress(ids.get((int) (k % ids.size())), tag + k, (int) (k % 100)));
                    done.incrementAndGet();
                }
            }));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        long n = done.get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return n / elapsed;
    }

    /** Facts sent at a fixed rate, whatever the answers take: {sent, done/s, p50, p99, max} (ms). */
    private static double[] open(Processor p, double rate, int seconds, List<String> ids) throws Exception {
        int total = (int) (rate * seconds);
        long[] latencies = new long[total];
        ExecutorService senders = Executors.newFixedThreadPool(64);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch finished = new CountDownLatch(total);
        long periodNanos = (long) (1e9 / rate);
        long t0 = System.nanoTime() + 50_000_000;
        for (int i = 0; i < total; i++) {
            int k = i;
            long planned = t0 + k * periodNanos;
            clock.schedule(
                    () -> senders.execute(() -> {
                        accept(p, progress(ids.get(k % ids.size()), "l" + k, k % 100));
                        latencies[k] = System.nanoTime() - planned;
                        finished.countDown();
                    }),
                    planned - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        }
        finished.await(seconds * 20L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        clock.shutdownNow();
        senders.shutdownNow();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new double[] {
            total, total / elapsed, sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6, sorted[total - 1] / 1e6
        };
    }

    private static void accept(Processor p, Fact f) {
        Decision d = p.submit(f);
        if (!d.accepted()) {
            throw new IllegalStateException("refused: " + d.rejections());
        }
    }

    /** A job created, shipped, arrived and with drive 9CA995B1 transferring, as bench/load.sh seeds it. */
    static String seed(Processor p, int i) throws Exception {
        String id = SUB + "/providers/Microsoft.ImportExport/jobs/scale" + String.format("%05d", i);
        String addr = "{\"recipientName\": \"Test\", \"streetAddress1\": \"Street1\", \"city\": \"Redmond\","
                + " \"postalCode\": \"98007\", \"countryOrRegion\": \"USA\", \"phone\": \"4250000000\","
                + " \"email\": \"test@contoso.com\"}";
        String create = "{\"type\": \"CreateJob\", \"request\": {\"location\": \"West US\", \"properties\": {"
                + "\"storageAccountId\": \"" + SUB + "/providers/Microsoft.Storage/storageAccounts/contoso\","
                + " \"jobType\": \"Import\", \"logLevel\": \"Verbose\", \"returnAddress\": " + addr + ","
                + " \"returnShipping\": {\"carrierName\": \"FedEx\", \"carrierAccountNumber\": \"989ffff\"},"
                + " \"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123456789\"},"
                + " \"driveList\": [{\"driveId\": \"9CA995B1\","
                + " \"bitLockerKey\": \"238810-662376-448998-450120-652806-203390-606320-483071\","
                + " \"manifestFile\": \"\\\\8a0c23f7.manifest\", \"manifestHash\": \"4228EC5D8E04\"}]}}}";
        for (String json : List.of(
                create,
                "{\"type\": \"UpdateJob\", \"request\": {\"properties\": {\"state\": \"Shipping\"}}}",
                "{\"type\": \"PackageArrived\", \"driveIds\": [\"9CA995B1\"]}",
                "{\"type\": \"DriveTransferStarted\", \"driveId\": \"9CA995B1\"}")) {
            Fact f = FACTS.readValue(json);
            f.setJobId(id);
            accept(p, f);
        }
        return id;
    }

    static Fact progress(String jobId, String factId, int percent) {
        try {
            Fact f = FACTS.readValue("{\"type\": \"DriveProgress\", \"driveId\": \"9CA995B1\", \"percentComplete\": "
                    + percent + ", \"bytesSucceeded\": " + percent * 1_000_000_000L + "}");
            f.setJobId(jobId);
            f.setFactId(factId);
            return f;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void delete(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}

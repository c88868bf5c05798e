package waybill.store.mongo;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.store.Store;
import waybill.store.StoreTestSupport;
import waybill.timers.ManualClock;

/**
 * The shared-MongoDB write path on the stand-in ({@code waybill mongo-server}: the embedded server alone,
 * each write committed and synced before it is answered), from one sequential client as a new user tries
 * it: {@code jobs} jobs created, then {@code facts} accepted updates sent one after another over them,
 * round-robin, each with a new factId. Reports facts/s, p50 and p99 per fact, and the commands the store
 * sent per fact (the deciding thread's and the snapshot writer's, counted with the driver's
 * {@link CommandListener}); then the commands sent in {@code idleSeconds} with nothing to do.
 *
 * <pre>SharedPathBench [facts=200] [jobs=8] [idleSeconds=5]</pre>
 */
public final class SharedPathBench {
    private SharedPathBench() {}

    public static void main(String[] args) throws Exception {
        int facts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("waybill-shared-bench");
        Counter counter = new Counter();
        Rulebook rules = StoreTestSupport.rules();
        try (EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0));
                Store store = StoreFactory.shared(
                        server.connectionString(), "waybill", counter, System::nanoTime, () -> {})) {
            Processor p = new Processor(() -> rules, store, new ManualClock(StoreTestSupport.T0));
            String[] ids = new String[jobs];
            for (int j = 0; j < jobs; j++) {
                ids[j] = StoreTestSupport.jobId("s1", "bench-" + j);
                p.submit(StoreTestSupport.create(ids[j], "c"));
            }
            counter.clear();
            long[] latency = new long[facts];
            long t0 = System.nanoTime();
            for (int i = 0; i < facts; i++) {
                long s = System.nanoTime();
                p.submit(StoreTestSupport.update(ids[i % jobs], "u" + i, "{\"tags\": {\"n\": \"" + i + "\"}}"));
                latency[i] = System.nanoTime() - s;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(ReadModel.SHARED_SNAPSHOT_PERIOD_MILLIS * 2); // the last snapshots written behind
            Map<String, Long> all = counter.byName();
            long deciding = counter.on(Thread.currentThread().getName());
            long total = counter.total();
            Arrays.sort(latency);
            System.out.printf(
                    "shared path: %d facts over %d jobs, one client: %.0f facts/s, p50 %.2f ms, p99 %.2f ms;"
                            + " commands per fact %.2f on the deciding thread, %.2f with the snapshots written"
                            + " behind %s%n",
                    facts,
                    jobs,
                    facts / seconds,
                    latency[facts / 2] / 1e6,
                    latency[Math.min(facts - 1, (int) Math.ceil(facts * 0.99) - 1)] / 1e6,
                    (double) deciding / facts,
                    (double) total / facts,
                    all);
            counter.clear();
            Thread.sleep(idleSeconds * 1000L);
            System.out.printf(
                    "idle: %d commands in %d s from the store alone %s%n",
                    counter.total(), idleSeconds, counter.byName());
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Commands started, by thread and by name. */
    static final class Counter implements CommandListener {
        private final Map<String, LongAdder> byThread = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> byName = new ConcurrentHashMap<>();

        @Override
        public void commandStarted(CommandStartedEvent e) {
            byThread.computeIfAbsent(Thread.currentThread().getName(), t -> new LongAdder())
                    .increment();
            byName.computeIfAbsent(e.getCommandName(), n -> new LongAdder()).increment();
        }

        void clear() {
            byThread.clear();
            byName.clear();
        }

        long on(String thread) {
            LongAdder n = byThread.get(thread);
            return n == null ? 0 : n.sum();
        }

        long total() {
            return byName.values().stream().mapToLong(LongAdder::sum).sum();
        }

        Map<String, Long> byName() {
            Map<String, Long> out = new TreeMap<>();
            byName.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }
}

package waybill.bench;

import java.nio.file.Path;
import java.time.Instant;
import waybill.engine.RulebookLoader;

/**
 * Runs the benchmarks: {@code BenchMain [JMH options]} passes its arguments to JMH's own launcher
 * ({@code org.openjdk.jmh.Main}); with none, runs both benchmarks on one thread, one fork.
 * {@code BenchMain --stream} prints the recorded decision stream instead; {@code BenchMain --dump} decides
 * the stream again (backwards, then forwards, so pooled sessions are reused across jobs) and prints every
 * decision as JSON: the same output from two builds of the engine means the same decisions.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--stream")) {
            var calls = Stories.record(
                    RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now()));
            calls.forEach(c -> System.out.println(c.at() + " " + c.summary()));
            System.out.println(calls.size() + " decisions: " + Stories.mix(calls));
            System.exit(0);
        }
        if (args.length == 1 && args[0].equals("--dump")) {
            var rulebook = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
            var calls = Stories.record(rulebook);
            var json = waybill.json.Mappers.json();
            String[] backwards = new String[calls.size()];
            for (int i = calls.size() - 1; i >= 0; i--) {
                var c = calls.get(i);
                backwards[i] =
                        json.writeValueAsString(waybill.engine.Engine.decide(rulebook, c.before(), c.fact(), c.at()));
            }
            for (int i = 0; i < calls.size(); i++) {
                var c = calls.get(i);
                String forwards =
                        json.writeValueAsString(waybill.engine.Engine.decide(rulebook, c.before(), c.fact(), c.at()));
                if (!forwards.equals(backwards[i])) {
                    System.out.println("DIFFERS WITH ORDER: " + i);
                }
                System.out.println(forwards);
                backwards[i] = forwards;
            }
            // and on two threads at once: each decision must still be the one made alone
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var wrong = new java.util.concurrent.atomic.AtomicInteger();
            var jobs = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < 2; t++) {
                int offset = t * 37;
                jobs.add(pool.submit(() -> {
                    for (int k = 0; k < 20 * calls.size(); k++) {
                        int i = (k + offset) % calls.size();
                        var c = calls.get(i);
                        try {
                            if (!json.writeValueAsString(
                                            waybill.engine.Engine.decide(rulebook, c.before(), c.fact(), c.at()))
                                    .equals(backwards[i])) {
                                wrong.incrementAndGet();
                            }
                        } catch (Exception e) {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            for (var j : jobs) {
                j.get();
            }
            pool.shutdown();
            System.out.println("concurrent decisions that differ: " + wrong.get());
            System.exit(0);
        }
        String[] jmh = args.length > 0
                ? args
                : new String[] {
                    "-f",
                    "1",
                    "-wi",
                    "3",
                    "-w",
                    "5s",
                    "-i",
                    "5",
                    "-r",
                    "5s",
                    "-t",
                    "1",
                    "waybill.bench.DecisionBenchmark",
                    "waybill.bench.CeilingBenchmark"
                };
        org.openjdk.jmh.Main.main(jmh);
    }
}

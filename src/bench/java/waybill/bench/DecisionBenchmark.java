package waybill.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;

/**
 * Decisions per second of {@link Engine#decide} on the full rulebook ({@code rules/}, read from the
 * working directory), for a realistic mixed stream of (job snapshot, fact) pairs recorded by replaying
 * job stories ({@link Stories}). Each operation is one decision; threads walk the stream independently.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class DecisionBenchmark {

    @State(Scope.Benchmark)
    public static class Rules {
        Rulebook rulebook;
        Stories.Call[] stream;

        @Setup(Level.Trial)
        public void load() throws Exception {
            rulebook = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
            List<Stories.Call> calls = Stories.record(rulebook);
            // the engine is pure: deciding a recorded pair again must give what the story got
            for (Stories.Call c : calls) {
                String again = Stories.summary(Engine.decide(rulebook, c.before(), c.fact(), c.at()));
                if (!again.equals(c.summary())) {
                    throw new IllegalStateException("not reproducible: " + c.summary() + " vs " + again);
                }
            }
            stream = calls.toArray(new Stories.Call[0]);
            System.out.println("# rulebook " + rulebook.revision() + ", "
                    + rulebook.rules().size() + " rules; stream of " + stream.length + " decisions: "
                    + Stories.mix(calls));
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start() {
            next = (int) Thread.currentThread().getId(); // threads start at different places
        }
    }

    @Benchmark
    public Decision decide(Rules rules, Cursor cursor) {
        Stories.Call[] s = rules.stream;
        Stories.Call c = s[Math.floorMod(cursor.next++, s.length)];
        return Engine.decide(rules.rulebook, c.before(), c.fact(), c.at());
    }
}

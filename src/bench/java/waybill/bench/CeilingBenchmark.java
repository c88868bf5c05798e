package waybill.bench;

import java.util.concurrent.TimeUnit;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;
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

/**
 * The ceiling: a bare Drools session over a KieBase of one trivial rule. Per operation: a new session,
 * one fact inserted, fireAllRules, dispose. No Waybill code at all.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class CeilingBenchmark {
    static final String DRL = """
            package bench
            rule "trivial"
            when
                $i : Integer(intValue >= 0)
            then
            end
            """;

    KieBase kieBase;

    @Setup(Level.Trial)
    public void build() {
        KieServices ks = KieServices.get();
        ReleaseId id = ks.newReleaseId("waybill", "ceiling", "1.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(id);
        kfs.write("src/main/resources/bench/trivial.drl", DRL);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(builder.getResults().toString());
        }
        kieBase = ks.newKieContainer(id).getKieBase();
    }

    @Benchmark
    public int ceiling() {
        KieSession session = kieBase.newKieSession();
        try {
            session.insert(42);
            return session.fireAllRules();
        } finally {
            session.dispose();
        }
    }
}

package waybill.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import waybill.engine.Rulebook;

/**
 * The gate a candidate rulebook passes before it is activated: every scenario of the fixtures folder
 * must still pass. The reload runs it; so do the tests.
 */
public final class ScenarioGate {
    private final Path fixtures;
    private final ScenarioLoader loader = new ScenarioLoader();

    public ScenarioGate(Path fixtures) {
        this.fixtures = fixtures;
    }

    /** The failures of every scenario replayed against the candidate; empty means it may be activated. */
    public List<Failure> check(Rulebook candidate) throws IOException {
        return check(candidate, scenarios());
    }

    /**
     * The failures of {@code scenarios} under the candidate, in file order. Every scenario runs on its own
     * memory store and clock, so they are replayed side by side. Once a rule fails (throws, or goes past
     * the budget) the candidate will be refused: the scenarios not yet started are skipped.
     */
    public static List<Failure> check(Rulebook candidate, List<Scenario> scenarios) {
        AtomicBoolean rulesFailed = new AtomicBoolean();
        return scenarios.parallelStream()
                .flatMap(sc -> {
                    if (rulesFailed.get()) {
                        return Stream.<Failure>empty();
                    }
                    List<Failure> f = new Replayer(candidate).replay(sc).failures();
                    if (f.stream().anyMatch(x -> x.rule() != null)) {
                        rulesFailed.set(true);
                    }
                    return f.stream();
                })
                .toList();
    }

    /** Every scenario of the folder, in file order. */
    public List<Scenario> scenarios() throws IOException {
        List<Scenario> out = new ArrayList<>();
        for (Path file : loader.files(List.of(fixtures))) {
            out.add(loader.load(file));
        }
        return out;
    }
}

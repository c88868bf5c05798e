package waybill.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.engine.Transition;
import waybill.scenario.Replayer;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioGate;
import waybill.scenario.ScenarioResult;

/**
 * What the active rules do, learnt by replaying every fixture against them (every rule fires in some
 * fixture: the coverage gate): each state change the rules make, with the rules that make it, and the
 * fixtures that fire each rule. Worked out once per revision, so it follows the rules when they change.
 */
public final class RuleAtlas {
    /** A state change of the job or of a drive, and the rules that make it ({@code from} null: created). */
    public record Edge(String from, String to, Set<String> rules) {}

    /** The atlas of one revision. */
    public record Atlas(
            String revision, Map<String, List<Edge>> edges, Map<String, Set<String>> fixturesByRule, int scenarios) {}

    private final Path fixtures;
    private volatile Atlas cached;

    public RuleAtlas(Path fixtures) {
        this.fixtures = fixtures;
    }

    /** The atlas of this rulebook: replayed on first use of a revision, then kept. */
    public Atlas of(Rulebook rules) {
        Atlas a = cached;
        if (a != null && a.revision().equals(rules.revision())) {
            return a;
        }
        synchronized (this) {
            if (cached == null || !cached.revision().equals(rules.revision())) {
                cached = build(rules);
            }
            return cached;
        }
    }

    private Atlas build(Rulebook rules) {
        List<Scenario> scenarios;
        try {
            scenarios = fixtures == null ? List.of() : new ScenarioGate(fixtures).scenarios();
        } catch (IOException | RuntimeException e) {
            scenarios = List.of(); // no fixtures to learn from: the diagrams show the states alone
        }
        Map<String, Map<List<String>, Set<String>>> edges = new LinkedHashMap<>();
        edges.put(Transition.JOB, new LinkedHashMap<>());
        edges.put(Transition.DRIVE, new LinkedHashMap<>());
        Map<String, Set<String>> fixturesByRule = new TreeMap<>();
        Replayer replayer = new Replayer(rules);
        for (Scenario s : scenarios) {
            if (Thread.currentThread().isInterrupted()) { // the service stops: nothing is kept
                throw new CancellationException("the rule atlas was interrupted");
            }
            ScenarioResult result = replayer.replay(s);
            String name =
                    s.file == null ? "scenario" : Path.of(s.file).getFileName().toString();
            for (String r : result.firedRules()) {
                fixturesByRule.computeIfAbsent(r, k -> new TreeSet<>()).add(name);
            }
            for (ScenarioResult.StepDecisions step : result.steps()) {
                for (Decision d : step.decisions()) {
                    if (!d.accepted()) {
                        continue;
                    }
                    for (Transition t : d.transitions()) {
                        Map<List<String>, Set<String>> of = edges.get(t.entity());
                        if (of != null && t.to() != null && !t.to().equals(t.from())) {
                            List<String> key = new ArrayList<>();
                            key.add(t.from());
                            key.add(t.to());
                            of.computeIfAbsent(key, k -> new TreeSet<>())
                                    .add(t.rule() == null ? "(no rule named)" : t.rule());
                        }
                    }
                }
            }
        }
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        edges.forEach((entity, m) -> out.put(
                entity,
                m.entrySet().stream()
                        .map(e -> new Edge(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                        .toList()));
        return new Atlas(rules.revision(), out, fixturesByRule, scenarios.size());
    }

    /** In the background, on {@code on} (the caller's): reads the board and replays the fixtures for the diagrams before the console first asks. */
    public static void prepareInBackground(
            JobBoard board,
            RuleAtlas atlas,
            java.util.function.Supplier<waybill.engine.Rulebook> rules,
            java.util.concurrent.Executor on) {
        on.execute(() -> {
            try {
                board.rows().count();
                atlas.of(rules.get());
            } catch (CancellationException stopping) {
                // the service stops
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RuleAtlas.class)
                        .warn("the console's read models could not be prepared ahead: {}", e.toString());
            }
        });
    }
}

package waybill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.scenario.Failure;
import waybill.scenario.Replayer;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioLoader;
import waybill.scenario.ScenarioResult;

/** Replays scenario fixtures against the rules and reports each, with coverage of the rules. */
@Command(name = "replay", description = "Replay scenario fixtures against the rules; non-zero exit when any fails.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    BudgetOptions budget;

    @Parameters(arity = "1..*", description = "fixture files or folders")
    List<Path> paths;

    @Option(names = "--rules", defaultValue = "rules", description = "the rules folder (default: rules)")
    Path rules;

    @Option(names = "--require-coverage", description = "also fail when a rule is fired by no replayed scenario")
    boolean requireCoverage;

    @Override
    public Integer call() {
        Rulebook rulebook;
        try {
            rulebook = RulebookLoader.load(rules, Instant.now(), budget.budget());
        } catch (RuleCompileException e) {
            for (RuleError err : e.errors()) {
                System.err.println(rules.resolve(err.file()) + ":" + err.line() + ": " + err.message());
            }
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ScenarioLoader loader = new ScenarioLoader();
        Replayer replayer = new Replayer(rulebook);
        List<ScenarioResult> results = new ArrayList<>();
        int broken = 0;
        try {
            for (Path file : loader.files(paths)) {
                Scenario scenario;
                try {
                    scenario = loader.load(file);
                } catch (IOException e) {
                    System.out.println("ERROR " + e.getMessage());
                    broken++;
                    continue;
                }
                ScenarioResult r = replayer.replay(scenario);
                results.add(r);
                System.out.println((r.passed() ? "pass " : "FAIL ") + file + " - " + scenario.note);
                for (Failure f : r.failures()) {
                    System.out.println("    " + f);
                }
            }
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        Set<String> fired = new TreeSet<>();
        results.forEach(r -> fired.addAll(r.firedRules()));
        Set<String> unfired = new TreeSet<>(rulebook.rules().keySet());
        unfired.removeAll(fired);
        System.out.printf(
                "%d scenarios: %d passed, %d failed%s; rules %d/%d fired (revision %s)%n",
                results.size() + broken,
                results.size() - failed,
                failed + broken,
                broken > 0 ? " (" + broken + " unreadable)" : "",
                rulebook.rules().size() - unfired.size(),
                rulebook.rules().size(),
                rulebook.revision());
        boolean rulesFailed =
                results.stream().anyMatch(r -> r.failures().stream().anyMatch(f -> f.rule() != null));
        if (rulesFailed) {
            // a scenario ends at its first failing decision: which rules the rest would fire is unknown
            System.out.println("    the rules failed while deciding (see above): coverage is not reported");
            unfired.clear();
        }
        for (String name : unfired) {
            var src = rulebook.source(name);
            System.out.println(
                    "    fired by no scenario: " + rules.resolve(src.file()) + ":" + src.line() + " \"" + name + "\"");
        }
        if (failed + broken > 0) {
            return 1;
        }
        return requireCoverage && !unfired.isEmpty() ? 3 : 0;
    }
}

package waybill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fixture.FixtureGate;
import waybill.fixture.RuleDiff;

/** Shows where a candidate rules folder decides differently from the current one, activating nothing. */
@Command(name = "diff-rules", description = "Replay the fixtures under two rules folders and report every decision "
        + "that differs (result, transitions, actions, timers). Exit 0: none differ; 1: some differ; 2: error.")
public final class DiffRulesCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the current rules folder")
    Path oldDir;

    @Parameters(index = "1", description = "the candidate rules folder")
    Path newDir;

    @Option(names = "--fixtures", defaultValue = "fixtures", description = "the scenarios to replay (default: fixtures)")
    Path fixtures;

    @Override
    public Integer call() {
        Rulebook before;
        Rulebook after;
        try {
            before = load(oldDir);
            after = load(newDir);
        } catch (RuleCompileException | IOException e) {
            return 2;
        }
        try {
            List<RuleDiff.Difference> diffs = RuleDiff.scenarios(before, after, new FixtureGate(fixtures).scenarios());
            diffs.forEach(d -> System.out.println(d));
            System.out.printf("%s (%s) -> %s (%s): %d step(s) of the fixtures decide differently%n",
                    oldDir, before.revision(), newDir, after.revision(), diffs.size());
            return diffs.isEmpty() ? 0 : 1;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 2;
        } finally {
            RulebookLoader.retire(before);
            RulebookLoader.retire(after);
        }
    }

    private static Rulebook load(Path dir) throws RuleCompileException, IOException {
        try {
            return RulebookLoader.load(dir, Instant.now());
        } catch (RuleCompileException e) {
            for (RuleError err : e.errors()) {
                System.err.println(dir.resolve(err.file()) + ":" + err.line() + ": " + err.message());
            }
            throw e;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            throw e;
        }
    }
}

package waybill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import waybill.decision.Retiming;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.Fact;
import waybill.rulesops.DryRun;
import waybill.scenario.ScenarioGate;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;

/**
 * Shows where a candidate rules folder decides differently from the current one, activating nothing:
 * the fixtures, and with {@code --data} or {@code --mongo-uri} the recorded facts of every open job.
 */
@Command(
        name = "diff-rules",
        description = "Replay the fixtures (and, with --data or --mongo-uri, the recorded facts "
                + "of every open job) under two rules folders and report every decision that differs (result, transitions, "
                + "actions, timers), and the open jobs' pending deadlines the candidate would move (what reload?retime=true "
                + "would do). Nothing is activated or written. Exit 0: none differ; 1: some differ; 2: error.")
public final class DiffRulesCommand implements Callable<Integer> {
    @Mixin
    BudgetOptions budget;

    @Parameters(index = "0", description = "the current rules folder")
    Path oldDir;

    @Parameters(index = "1", description = "the candidate rules folder")
    Path newDir;

    @Option(
            names = "--fixtures",
            defaultValue = "fixtures",
            description = "the scenarios to replay (default: fixtures)")
    Path fixtures;

    @Option(
            names = "--data",
            description = "also replay the open jobs of the embedded store in this folder "
                    + "(stop the service first: the embedded store has one process at a time)")
    Path data;

    @Option(names = "--mongo-uri", description = "also replay the open jobs of this MongoDB (only read)")
    String mongoUri;

    @Option(
            names = "--until",
            description = "fire the open jobs' timers due up to this instant (default: now, or the "
                    + "latest recorded fact when that is later)")
    Instant until;

    @Override
    public Integer call() {
        if (data != null && mongoUri != null) {
            System.err.println("waybill diff-rules: give --data or --mongo-uri, not both");
            return 2;
        }
        Rulebook before;
        Rulebook after;
        try {
            before = load(oldDir);
        } catch (RuleCompileException | IOException e) {
            return 2;
        }
        try {
            after = load(newDir);
        } catch (RuleCompileException | IOException e) {
            RulebookLoader.retire(before);
            return 2;
        }
        try (Store store = openStore()) {
            Map<String, List<Fact>> jobs = store == null ? Map.of() : store.openJobFacts();
            if (store != null) {
                System.err.println("replaying " + jobs.size() + " open job(s) from " + store.describe());
            }
            Instant to = until != null ? until : latest(jobs);
            DryRun.Report report = DryRun.compare(before, after, new ScenarioGate(fixtures).scenarios(), jobs, to)
                    .withRetimed(store == null ? Retiming.Plan.NONE : Retiming.plan(after, jobs, store::find, to));
            List<String> lines = report.lines();
            lines.forEach(System.out::println);
            return report.differs() ? 1 : 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("waybill diff-rules: " + e.getMessage());
            return 2;
        } finally {
            RulebookLoader.retire(before);
            RulebookLoader.retire(after);
        }
    }

    /** The store the open jobs are read from, if one was named (null: none); it is only read. */
    private Store openStore() {
        return data == null && mongoUri == null ? null : StoreFactory.open(data, mongoUri);
    }

    private static Instant latest(Map<String, List<Fact>> jobs) {
        Instant now = Instant.now();
        for (List<Fact> facts : jobs.values()) {
            for (Fact f : facts) {
                if (f.getAt() != null && f.getAt().isAfter(now)) {
                    now = f.getAt();
                }
            }
        }
        return now;
    }

    private Rulebook load(Path dir) throws RuleCompileException, IOException {
        try {
            return RulebookLoader.load(dir, Instant.now(), budget.budget());
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

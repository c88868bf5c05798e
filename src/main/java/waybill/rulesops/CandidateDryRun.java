package waybill.rulesops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.decision.Retiming;
import waybill.engine.RuleCompileException;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.Fact;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioGate;
import waybill.store.Store;

/**
 * A dry run of candidate rules against the active ones, activating nothing: the candidate's files
 * (given files over the rules folder, or the given files alone), compiled; then {@link DryRun} over the
 * gate's scenarios and the open jobs' recorded facts. The HTTP layer only translates its errors.
 */
public final class CandidateDryRun {
    /** A candidate file name that is not a rule file inside the rules folder. */
    public static final class BadFileName extends RuntimeException {
        public BadFileName(String name) {
            super("files: '" + name + "' is not a rule file path inside the rules folder (such as creating.drl)");
        }
    }

    /** A folder the dry run needs cannot be read; {@code what}: "rules" or "fixtures". */
    public static final class Unreadable extends IOException {
        private final String what;

        Unreadable(String what, String message, IOException cause) {
            super(message, cause);
            this.what = what;
        }

        public String what() {
            return what;
        }
    }

    /** The candidate does not compile: the failure, as a reload would keep it (nothing changed). */
    public static final class Refused extends Exception {
        private final transient ReloadFailure failure;

        Refused(ReloadFailure failure) {
            super(failure.message());
            this.failure = failure;
        }

        public ReloadFailure failure() {
            return failure;
        }
    }

    private final RulesHolder rules;
    private final Store store;
    private final Clock clock;

    /** @param store where the open jobs' recorded facts come from (null: the scenarios only) */
    public CandidateDryRun(RulesHolder rules, Store store, Clock clock) {
        this.rules = rules;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Compares the candidate with the active rulebook.
     *
     * @param files rule files by path in the folder; a null content removes the file (null: none)
     * @param complete the files are the whole candidate, not an overlay on the rules folder
     * @throws Unreadable the rules folder or the fixtures cannot be read
     */
    public DryRun.Report run(Map<String, String> files, boolean complete) throws Refused, Unreadable {
        Map<String, String> sources;
        try {
            sources = candidateFiles(files, complete);
        } catch (IOException e) {
            throw new Unreadable("rules", e.getMessage(), e);
        }
        Rulebook candidate;
        try {
            candidate = RulebookLoader.compile(sources, clock.instant(), rules.budget());
        } catch (RuleCompileException e) {
            Rulebook active = rules.get();
            throw new Refused(ReloadFailure.compile(
                            clock.instant(),
                            null,
                            active.revision(),
                            e.errors(),
                            "the candidate rules do not compile ("
                                    + e.errors().size() + " error(s)); this was a dry run: nothing changed, revision "
                                    + active.revision() + " stays active")
                    .withCandidate(RulebookLoader.revisionOf(sources)));
        }
        try {
            List<Scenario> scenarios =
                    rules.fixtures() == null ? List.of() : new ScenarioGate(rules.fixtures()).scenarios();
            Map<String, List<Fact>> open = openJobs();
            Instant now = clock.instant();
            return DryRun.compare(rules.get(), candidate, scenarios, open, now)
                    .withRetimed(store == null ? Retiming.Plan.NONE : Retiming.plan(candidate, open, store::find, now));
        } catch (IOException e) {
            throw new Unreadable(
                    "fixtures", "the fixtures in " + rules.fixtures() + " could not be read: " + e.getMessage(), e);
        } finally {
            RulebookLoader.retire(candidate);
        }
    }

    private Map<String, List<Fact>> openJobs() {
        try {
            return store == null ? Map.of() : store.openJobFacts();
        } catch (UnsupportedOperationException e) {
            return Map.of(); // a store that cannot list its jobs: the fixtures only
        }
    }

    private Map<String, String> candidateFiles(Map<String, String> given, boolean complete) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!complete) {
            files.putAll(RulebookLoader.read(rules.dir()));
        }
        if (given != null) {
            given.forEach((name, content) -> {
                String n = name.replace('\\', '/');
                if (!n.endsWith(".drl")
                        || n.startsWith("/")
                        || Path.of(n).normalize().startsWith("..")
                        || n.contains("../")
                        || n.isBlank()) {
                    throw new BadFileName(name);
                }
                if (content == null) {
                    files.remove(n);
                } else {
                    files.put(n, content);
                }
            });
        }
        return files;
    }
}

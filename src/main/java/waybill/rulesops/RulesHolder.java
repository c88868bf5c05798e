package waybill.rulesops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.Budget;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.FileChange;
import waybill.rulesops.history.Trigger;
import waybill.scenario.Failure;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioGate;

/**
 * The active rulebook, and the only way to change it. A reload compiles the whole folder beside the
 * active rulebook, replays every scenario of the fixtures folder against the candidate (the gate;
 * {@code force} skips it, never the compilation), and only when both succeed swaps it in atomically:
 * a decision takes the rulebook once, at its start, so decisions in flight finish on the old rules and
 * new ones use the new. Otherwise the active rulebook stays and the failure is kept for
 * {@code GET /ops/rules} and logged. Each activation is kept in the history (the newest
 * {@value ActivationHistory#HISTORY}), and in the store when one is given ({@link #keepIn}), so the history survives a
 * restart.
 *
 * <p>Reloads are serialised (one candidate at a time); reading the active rulebook never waits. The
 * rulebook a swap replaces is retired (its Drools module freed) at the next swap, not at once, so a
 * decision that took it just before the swap never meets a retired module.
 */
public final class RulesHolder implements Supplier<Rulebook> {
    private static final Logger LOG = LoggerFactory.getLogger(RulesHolder.class);

    /** What a reload came to: a new activation, nothing to do (same revision), or a refusal. */
    public record Result(Activation activation, boolean unchanged, ReloadFailure failure) {
        public boolean activated() {
            return activation != null && !unchanged;
        }
    }

    private final Path dir;
    private final Path fixtures;
    private final Clock clock;
    /** What each decision may spend: every candidate is compiled with it. */
    private final Budget budget;

    private final AtomicReference<Rulebook> active = new AtomicReference<>();
    private final ActivationHistory history;
    private volatile Activation current;
    private volatile ReloadFailure lastFailure;
    /** The rulebook the last swap replaced: retired at the next swap. */
    private Rulebook replaced;

    /** A holder without a fixture gate (every reload that compiles is activated). */
    public RulesHolder(Path dir, Clock clock, Rulebook initial) {
        this(dir, null, clock, initial);
    }

    /** @param fixtures the scenarios a candidate must pass; null: no gate */
    public RulesHolder(Path dir, Path fixtures, Clock clock, Rulebook initial) {
        this.dir = dir;
        this.fixtures = fixtures;
        this.clock = clock;
        this.budget = initial.budget();
        this.active.set(initial);
        Activation first = new Activation(
                initial.revision(),
                clock.instant(),
                Trigger.START,
                false,
                null,
                FileChange.between(java.util.Map.of(), initial.files()),
                initial.rules().size(),
                0,
                0);
        this.current = first;
        this.history = new ActivationHistory(first);
    }

    /** Compiles the folder at start (no gate); a failure here stops the service. */
    public static RulesHolder load(Path dir, Clock clock) throws IOException, RuleCompileException {
        return load(dir, null, clock);
    }

    /** Compiles the folder at start; later reloads must pass the scenarios in {@code fixtures} (null: none). */
    public static RulesHolder load(Path dir, Path fixtures, Clock clock) throws IOException, RuleCompileException {
        return load(dir, fixtures, clock, Budget.DEFAULT);
    }

    /** The same, each decision held to {@code budget}. */
    public static RulesHolder load(Path dir, Path fixtures, Clock clock, Budget budget)
            throws IOException, RuleCompileException {
        return new RulesHolder(dir, fixtures, clock, RulebookLoader.load(dir, clock.instant(), budget));
    }

    /** What each decision may spend in firings and time. */
    public Budget budget() {
        return budget;
    }

    @Override
    public Rulebook get() {
        return active.get();
    }

    public Path dir() {
        return dir;
    }

    /** The reload gate's scenarios; null when there is no gate. */
    public Path fixtures() {
        return fixtures;
    }

    /** The activation of the active rulebook. */
    public Activation current() {
        return current;
    }

    /** The last candidate that was refused, or null. */
    public ReloadFailure lastFailure() {
        return lastFailure;
    }

    /**
     * Keeps every activation in {@code kept} from now on, and takes the ones it kept before into the
     * history: this process's start activation then names the revision that was active last.
     */
    public synchronized void keepIn(ActivationLog kept) {
        current = history.keepIn(kept, current);
    }

    /** Every activation kept (the newest {@value ActivationHistory#HISTORY}), oldest first: before a restart too, with a store. */
    public List<Activation> history() {
        return history.list();
    }

    /**
     * Compiles the folder, checks the candidate against the fixtures (unless {@code force}) and activates
     * it. Never throws for a rules problem: the failure is answered, kept and logged.
     */
    public Result reload(Trigger trigger, boolean force) {
        return reload(trigger, force, null);
    }

    /** {@link #reload(Trigger, boolean)}, recording the name of the key that asked for it ({@code by}). */
    public synchronized Result reload(Trigger trigger, boolean force, String by) {
        long started = System.nanoTime();
        Rulebook old = active.get();
        java.util.Map<String, String> files;
        Rulebook candidate;
        try {
            files = RulebookLoader.read(dir);
        } catch (IOException e) {
            return refuse(new ReloadFailure(
                    clock.instant(),
                    trigger,
                    ReloadFailure.COMPILE,
                    null,
                    old.revision(),
                    List.of(),
                    List.of(new RuleError(dir.toString(), 0, e.getMessage())),
                    null,
                    e.getMessage()));
        }
        try {
            candidate = RulebookLoader.compile(files, clock.instant(), budget);
        } catch (RuleCompileException e) {
            return refuse(new ReloadFailure(
                    clock.instant(),
                    trigger,
                    ReloadFailure.COMPILE,
                    null,
                    old.revision(),
                    List.of(),
                    e.errors(),
                    null,
                    "the rules in " + dir + " do not compile (" + e.errors().size() + " error(s)); revision "
                            + old.revision() + " stays active: fix the files and reload"));
        }
        List<FileChange> changes = FileChange.between(old.files(), candidate.files());
        if (candidate.revision().equals(old.revision())) {
            RulebookLoader.retire(candidate);
            LOG.info("rules in {} unchanged (revision {}); nothing to activate", dir, old.revision());
            return new Result(current, true, null);
        }
        int passed = 0;
        if (!force && fixtures != null) {
            List<Failure> failures;
            try {
                List<Scenario> scenarios = new ScenarioGate(fixtures).scenarios();
                failures = ScenarioGate.check(candidate, scenarios);
                passed = scenarios.size();
            } catch (IOException | RuntimeException e) {
                RulebookLoader.retire(candidate);
                return refuse(new ReloadFailure(
                        clock.instant(),
                        trigger,
                        ReloadFailure.FIXTURES,
                        candidate.revision(),
                        old.revision(),
                        changes,
                        null,
                        List.of(),
                        "the fixtures in " + fixtures + " could not be replayed ("
                                + e.getMessage() + "); revision " + old.revision()
                                + " stays active. Reload with force=true "
                                + "to activate without the fixture gate"));
            }
            List<RuleError> ruleErrors = failures.stream()
                    .map(Failure::rule)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
            if (!ruleErrors.isEmpty()) {
                RulebookLoader.retire(candidate);
                return refuse(new ReloadFailure(
                        clock.instant(),
                        trigger,
                        ReloadFailure.FIXTURES,
                        candidate.revision(),
                        old.revision(),
                        changes,
                        ruleErrors,
                        failures.stream().filter(f -> f.rule() != null).toList(),
                        "revision " + candidate.revision()
                                + " compiles but its rules fail while deciding the fixtures: "
                                + ruleErrors.get(0) + "; revision " + old.revision()
                                + " stays active. Fix the rule: forced in, "
                                + "every decision that reaches it would be refused"));
            }
            if (!failures.isEmpty()) {
                RulebookLoader.retire(candidate);
                return refuse(new ReloadFailure(
                        clock.instant(),
                        trigger,
                        ReloadFailure.FIXTURES,
                        candidate.revision(),
                        old.revision(),
                        changes,
                        null,
                        failures,
                        "revision " + candidate.revision() + " compiles but fails "
                                + failures.size() + " fixture expectation(s) in " + fixtures + "; revision "
                                + old.revision()
                                + " stays active. Update the fixtures that encode the old behaviour, or reload with "
                                + "force=true to activate anyway"));
            }
        }
        Activation activation = new Activation(
                candidate.revision(),
                clock.instant(),
                force ? Trigger.FORCED : trigger,
                force,
                old.revision(),
                changes,
                candidate.rules().size(),
                passed,
                (System.nanoTime() - started) / 1_000_000,
                by);
        active.set(candidate);
        current = activation;
        history.add(activation);
        if (replaced != null) {
            RulebookLoader.retire(replaced);
        }
        replaced = old;
        LOG.info(
                "rules activated ({}{}): revision {} ({} rules) replaces {}; changed {}; {} in {} ms",
                activation.trigger(),
                force ? ", fixture gate skipped" : "",
                candidate.revision(),
                candidate.rules().size(),
                old.revision(),
                changes,
                force ? "no scenarios checked" : passed + " scenario(s) passed",
                activation.reloadMillis());
        return new Result(activation, false, null);
    }

    private Result refuse(ReloadFailure failure) {
        lastFailure = failure;
        LOG.warn(
                "rules reload ({}) from {} refused: {}; revision {} stays active:\n    {}",
                failure.trigger(),
                dir,
                failure.kind(),
                failure.activeRevision(),
                String.join("\n    ", failure.lines()));
        return new Result(null, false, failure);
    }
}

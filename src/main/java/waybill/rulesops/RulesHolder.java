package waybill.rulesops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import waybill.engine.Budget;
import waybill.engine.CompiledRules;
import waybill.engine.RuleCompileException;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.Trigger;

/**
 * The active rulebook, and the only way to change it. A reload prepares a candidate
 * ({@link ReloadCandidate}: compiled, gated by the fixtures unless forced) and swaps it in atomically: a
 * decision takes the rulebook once, at its start. A refusal is kept for {@code GET /ops/rules}. Each
 * activation is kept in the history, and in the store when one is given ({@link #keepIn}).
 *
 * <p>Reloads are serialised (one candidate at a time); reading the active rulebook never waits. The
 * rulebook a swap replaces is retired (its Drools module freed) at the next swap, not at once, so a
 * decision that took it just before the swap never meets a retired module.
 */
public final class RulesHolder implements Supplier<Rulebook> {
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
    /** The rule files of the active rulebook (path to text): published with its activation. */
    private volatile Map<String, String> activeFiles = Map.of();

    private volatile FollowFailure followFailure;
    /** Moves the open jobs' deadlines after a reload that asks for it; null: no reload can. */
    private volatile Retimer retimer;
    /** This service instance's name, written on its activations. */
    private volatile Supplier<String> node = () -> null;

    /** @param fixtures the scenarios a candidate must pass; null: no gate */
    public RulesHolder(Path dir, Path fixtures, Clock clock, Rulebook initial) {
        this.dir = dir;
        this.fixtures = fixtures;
        this.clock = clock;
        this.budget = initial.budget();
        this.active.set(initial);
        this.current = ReloadLog.start(initial, clock.instant());
        this.history = new ActivationHistory(current);
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
        return load(dir, fixtures, clock, budget, null);
    }

    /** The same, the rulebook loaded from {@code compiled} when these files were compiled before (null: none). */
    public static RulesHolder load(Path dir, Path fixtures, Clock clock, Budget budget, CompiledRules compiled)
            throws IOException, RuleCompileException {
        Map<String, String> files = RulebookLoader.read(dir);
        RulesHolder holder =
                new RulesHolder(dir, fixtures, clock, RulebookLoader.compile(files, clock.instant(), budget, compiled));
        holder.activeFiles = Map.copyOf(files);
        return holder;
    }

    /**
     * Names the service instance that holds these rules: its activations carry the name, the start
     * activation too when {@link #keepIn} is called after this.
     */
    public RulesHolder named(Supplier<String> node) {
        this.node = node;
        this.current = current.by(node.get());
        return this;
    }

    /** Reloads that ask for it move the open jobs' deadlines with {@code retimer} once activated. */
    public RulesHolder retimeWith(Retimer retimer) {
        this.retimer = retimer;
        return this;
    }

    /** What moves the open jobs' deadlines after a reload, or null. */
    public Retimer retimer() {
        return retimer;
    }

    /** This instance's name (null when none was given). */
    public String node() {
        return node.get();
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
        current = history.keepIn(kept, current.by(node.get()), activeFiles);
    }

    /**
     * Keeps every activation in {@code kept}, which other instances write too: the start activation is
     * kept only when it changes the newest revision (or none is kept yet); an instance that starts with
     * another revision than the newest follows the newest ({@link RulesFollower}) rather than impose its folder.
     */
    public synchronized void keepInShared(ActivationLog kept) {
        current = current.by(node.get());
        history.followIn(kept);
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
    public Result reload(Trigger trigger, boolean force, String by) {
        return reload(trigger, force, by, false);
    }

    /** The same; with {@code retime} the open jobs' deadlines then move where the new rules set them ({@link #retimeWith}). */
    public synchronized Result reload(Trigger trigger, boolean force, String by, boolean retime) {
        Rulebook old = active.get();
        ReloadCandidate c = ReloadCandidate.prepare(
                new ReloadCandidate.Ask(
                        dir, fixtures, budget, clock, trigger, force, node.get(), by, retime && retimer != null),
                old);
        if (c.failure() != null) {
            return refuse(c.failure());
        }
        if (c.unchanged()) {
            return new Result(current, true, null);
        }
        swap(c.rulebook(), c.activation(), c.files());
        history.add(c.activation(), c.files());
        ReloadLog.activated(c.activation(), c.rulebook(), old);
        if (c.activation().retime()) {
            retimer.start(c.rulebook(), c.activation());
        }
        return new Result(c.activation(), false, null);
    }

    /** The active rule files, path to text. */
    public Map<String, String> activeFiles() {
        return activeFiles;
    }

    /**
     * Makes {@code candidate} (compiled from {@code files}) the active rulebook, as {@code activation} says,
     * in one atomic step; the rulebook replaced last time is retired now. For a reload here and for an
     * activation another instance published ({@link RulesFollower}), which is already in the kept history.
     */
    synchronized void swap(Rulebook candidate, Activation activation, Map<String, String> files) {
        Rulebook old = active.get();
        active.set(candidate);
        current = activation;
        activeFiles = Map.copyOf(files);
        if (replaced != null) {
            RulebookLoader.retire(replaced);
        }
        replaced = old;
    }

    /** The history that was kept, with an activation this instance did not make (published by another). */
    synchronized void followed(Activation activation) {
        history.remember(activation);
    }

    /** The active rulebook was activated as {@code activation} says (by this instance or another). */
    synchronized void named(Activation activation) {
        current = activation;
    }

    /** Publishes this instance's start activation and files (the first instance on a shared store). */
    synchronized void publishStart() {
        history.add(current, activeFiles);
    }

    void followFailed(FollowFailure failure) {
        this.followFailure = failure;
    }

    /** The newest published rulebook this instance could not compile, or null: it follows the cluster. */
    public FollowFailure followFailure() {
        return followFailure;
    }

    private Result refuse(ReloadFailure failure) {
        lastFailure = failure;
        ReloadLog.refused(failure, dir);
        return new Result(null, false, failure);
    }
}

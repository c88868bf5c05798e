package waybill.rulesops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.decision.Retiming;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.fact.RulesChanged;
import waybill.rulesops.history.Activation;
import waybill.store.Store;

/**
 * Moves the open jobs' deadlines after an activation that asked for it ({@code reload?retime=true}), on
 * its own thread, behind serving: one open job at a time ({@link Store#forEachOpenJob}: memory holds one
 * job's facts, not every job's), the job's recorded facts are decided again under the new rules
 * ({@link Retiming#planJob}) and, when a deadline moves, the job gets one {@code RulesChanged} decision
 * there and then, submitted like any fact (other jobs' facts keep being decided meanwhile; the job's own take turns with
 * it). Each decision is keyed by the job and the activation, so running it again (a restart halfway)
 * moves nothing twice: a job already moved has nothing left to move, and the same key answers the first
 * decision. {@link #progress()} is shown on {@code GET /ops/rules}.
 */
public final class Retimer {
    private static final Logger LOG = LoggerFactory.getLogger(Retimer.class);

    /** Where a retime is: planning, moving, done or failed; counts so far. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(
            String revision,
            String previousRevision,
            Instant activatedAt,
            String requestedBy,
            String state,
            int jobsChecked,
            int jobsToMove,
            int jobsMoved,
            int deadlinesMoved,
            int movedIntoThePast,
            int notReplayed,
            Instant startedAt,
            Instant finishedAt,
            String error) {}

    private final Store store;
    private final Function<Fact, Decision> submit;
    private final Clock clock;
    private final ExecutorService executor;
    private volatile Progress progress;

    /**
     * @param submit the service's door for facts (decisions, deliveries and the views see each move)
     * @param executor the thread the retimes run on (owned by the caller, who shuts it down)
     */
    public Retimer(Store store, Function<Fact, Decision> submit, Clock clock, ExecutorService executor) {
        this.store = store;
        this.submit = submit;
        this.clock = clock;
        this.executor = executor;
    }

    /** The newest retime this instance ran or runs, or null. */
    public Progress progress() {
        return progress;
    }

    /** Starts moving the open jobs' deadlines to where {@code rules} (activated as {@code activation}) set them. */
    public void start(Rulebook rules, Activation activation) {
        Instant now = clock.instant();
        progress = new Progress(
                activation.revision(),
                activation.previousRevision(),
                activation.activatedAt(),
                activation.activatedBy(),
                "planning",
                0,
                0,
                0,
                0,
                0,
                0,
                now,
                null,
                null);
        try {
            executor.execute(() -> run(rules, activation));
        } catch (RejectedExecutionException e) {
            finish("failed", "the service is stopping: " + e.getMessage());
        }
    }

    /**
     * At start: when the newest activation of the active rules asked for a retime and this instance made
     * it ({@code node}), runs it again unless it was recorded as finished: a retime stopped halfway (a
     * crash) finishes; one that finished is not gone through again. Other instances never run it.
     */
    public void resume(RulesHolder rules, String node) {
        Activation current = rules.current();
        Activation asked = current.retime() ? current : null;
        List<Activation> history = rules.history();
        for (int i = history.size() - 1; asked == null && i >= 0; i--) {
            Activation a = history.get(i);
            if (!a.revision().equals(current.revision())) {
                break;
            }
            asked = a.retime() ? a : null;
        }
        if (asked != null && store.activations().retimeFinished(asked.revision(), asked.activatedAt())) {
            LOG.info("the retime asked by the activation of revision {} finished before", asked.revision());
        } else if (asked != null && node != null && node.equals(asked.node())) {
            LOG.info("resuming the retime asked by the activation of revision {}", asked.revision());
            start(rules.get(), asked);
        }
    }

    private void run(Rulebook rules, Activation activation) {
        Instant now = clock.instant();
        String key = RulesChanged.key(activation.revision(), activation.activatedAt());
        Counts c = new Counts();
        try {
            progress = with("moving", c, null);
            store.forEachOpenJob((jobId, facts) -> {
                Retiming.JobPlan plan = Retiming.planJob(rules, jobId, facts, store.find(jobId));
                if (plan == null) {
                    return;
                }
                c.checked++;
                c.notReplayed += plan.notReplayed().size();
                if (!plan.moves().isEmpty()) {
                    c.toMove++;
                    List<RulesChanged.Move> moves = new ArrayList<>();
                    for (Retiming.Move m : plan.moves()) {
                        moves.add(new RulesChanged.Move(m.deadline(), m.from(), m.to()));
                        c.intoThePast += m.to().isBefore(now) ? 1 : 0;
                    }
                    RulesChanged f = Retiming.fact(
                            jobId,
                            moves,
                            activation.previousRevision(),
                            activation.revision(),
                            key,
                            activation.activatedBy(),
                            now);
                    int moved = moved(f, submit.apply(f));
                    c.moved += moved > 0 ? 1 : 0;
                    c.deadlines += moved;
                }
                progress = with("moving", c, null);
            });
            store.activations().recordRetimeFinished(activation.revision(), activation.activatedAt());
            progress = with("done", c, null);
            LOG.info(
                    "retime for revision {}: {} deadline(s) of {} of {} open job(s) moved",
                    activation.revision(),
                    c.deadlines,
                    c.moved,
                    c.checked);
        } catch (RuntimeException e) {
            LOG.warn("retime for revision {} stopped: {}", activation.revision(), e.toString());
            progress = with("failed", c, e.toString());
        }
    }

    /** A retime's counts so far, written by its one thread. */
    private static final class Counts {
        int checked;
        int toMove;
        int moved;
        int deadlines;
        int intoThePast;
        int notReplayed;
    }

    /** How many of the fact's moves the decision made (a job changed meanwhile keeps what no longer matches). */
    private static int moved(RulesChanged f, Decision d) {
        if (!d.accepted() || d.job() == null || d.fact() != f) {
            return 0; // an earlier decision of the same activation answered: it moved them then
        }
        int n = 0;
        for (RulesChanged.Move m : f.getMoves()) {
            n += d.job().getDeadlines().stream()
                            .anyMatch(x ->
                                    x.getName() == m.getDeadline() && x.getAt().equals(m.getTo()))
                    ? 1
                    : 0;
        }
        return n;
    }

    private Progress with(String state, Counts c, String error) {
        Progress p = progress;
        boolean ended = !"moving".equals(state);
        return new Progress(
                p.revision(),
                p.previousRevision(),
                p.activatedAt(),
                p.requestedBy(),
                state,
                c.checked,
                c.toMove,
                c.moved,
                c.deadlines,
                c.intoThePast,
                c.notReplayed,
                p.startedAt(),
                ended ? clock.instant() : null,
                error);
    }

    private void finish(String state, String error) {
        Progress p = progress;
        progress = new Progress(
                p.revision(),
                p.previousRevision(),
                p.activatedAt(),
                p.requestedBy(),
                state,
                p.jobsChecked(),
                p.jobsToMove(),
                p.jobsMoved(),
                p.deadlinesMoved(),
                p.movedIntoThePast(),
                p.notReplayed(),
                p.startedAt(),
                clock.instant(),
                error);
    }
}

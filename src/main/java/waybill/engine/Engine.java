package waybill.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kie.api.runtime.KieSession;
import waybill.drive.Drive;
import waybill.fact.CreateJob;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.fact.UpdateJob;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.job.JobId;

/**
 * The one decision function. Pure: given a rulebook, the job as it is (or null), a fact and an instant,
 * it answers a {@link Decision} and touches nothing else. The service, the fixture replay and every dry
 * run call this same method.
 *
 * <p>Phases run in order: {@code validate} (any refusal ends the decision, changing nothing), then
 * {@code decide} (transitions, actions, deadlines; rules chain freely), then {@code settle} (derived
 * values and clean-up once states are final).
 *
 * <p>A decision in which a rule throws, or that goes past the rulebook's {@link Budget} (between firings, or
 * inside one: {@link FiringBudget}), is not made:
 * {@link RuleFailure} says which rule and where, and the job is left as it was.
 */
public final class Engine {
    private Engine() {}

    public static Decision decide(Rulebook rulebook, Job current, Fact fact, Instant now) {
        Job job = workingCopy(current, fact);
        TransitionLog log = new TransitionLog();
        job.attach(log);
        KieSession session = rulebook.newSession();
        Recorder recorder = new Recorder(rulebook, log, session);
        boolean failed = true;
        FiringBudget.Saved before =
                FiringBudget.start(rulebook.budget().maxTime().toNanos());
        try {
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            session.insert(job);
            for (Drive d : job.getDrives()) {
                session.insert(d);
            }
            for (Deadline d : job.getDeadlines()) {
                session.insert(d);
            }
            session.insert(fact);
            session.insert(new Now(now));

            session.getAgenda().getAgendaGroup("validate").setFocus();
            fire(session, recorder);
            List<Refusal> refusals = recorder.outcomes(Refusal.class);
            if (!refusals.isEmpty()) {
                failed = false;
                return new Decision(
                        fact,
                        now,
                        false,
                        refusals,
                        List.of(),
                        List.of(),
                        deadlinesOf(current),
                        null,
                        recorder.fired(),
                        rulebook.revision(),
                        null,
                        current,
                        current);
            }
            session.getAgenda().getAgendaGroup("settle").setFocus();
            session.getAgenda().getAgendaGroup("decide").setFocus();
            fire(session, recorder);

            List<Deadline> deadlines = collect(session, Deadline.class);
            deadlines.sort(Comparator.comparing(Deadline::getAt)
                    .thenComparing(d -> d.getName().wire()));
            job.setDeadlines(deadlines);
            List<Deletion> deletions = recorder.outcomes(Deletion.class);
            job.attach(null);
            job.setLastModifiedAt(now);
            failed = false;
            return new Decision(
                    fact,
                    now,
                    true,
                    List.of(),
                    List.copyOf(log.transitions()),
                    recorder.outcomes(Action.class),
                    List.copyOf(deadlines),
                    deletions.isEmpty() ? null : deletions.get(0),
                    recorder.fired(),
                    rulebook.revision(),
                    null,
                    current,
                    job);
        } catch (RuleFailure e) {
            throw e;
        } catch (FiringBudget.Overrun e) {
            // a firing ran past the decision's time and was interrupted inside rule code
            throw recorder.interrupted();
        } catch (RuntimeException | StackOverflowError e) {
            if (overran(e)) {
                throw recorder.interrupted();
            }
            // a rule's consequence or condition threw: the decision is refused, naming the rule
            throw RuleFailure.thrown(rulebook, recorder.firing(), e);
        } finally {
            FiringBudget.restore(before);
            // a pooled session is reset when disposed, listeners included; removing ours first keeps
            // this decision's recorder from ever seeing another decision's events
            session.removeEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.removeEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            if (failed) {
                session.destroy(); // halted or thrown mid-firing: not handed back to the pool
            } else {
                session.dispose();
            }
        }
    }

    /** Fires the focused phases; a decision past its budget was halted and is refused here. */
    private static void fire(KieSession session, Recorder recorder) {
        session.fireAllRules();
        if (recorder.exceeded()) {
            throw recorder.budgetFailure();
        }
    }

    /** An interruption Drools wrapped on its way out of a firing. */
    private static boolean overran(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FiringBudget.Overrun) {
                return true;
            }
        }
        return false;
    }

    /**
     * The job the rules work on: a copy of the current one; for a create, the requested job (carrying
     * what a package that came first left on the record); for a timer, without the deadline that fired.
     */
    private static Job workingCopy(Job current, Fact fact) {
        if (fact instanceof CreateJob create && (current == null || !current.isRegistered())) {
            JobId id = JobId.parse(fact.getJobId()).orElse(new JobId(null, null, null));
            Job requested = create.requestedJob(id);
            if (current != null) {
                requested.setHeldDriveIds(new ArrayList<>(current.getHeldDriveIds()));
                requested.setExtraDriveIds(new ArrayList<>(current.getExtraDriveIds()));
                requested.setDeadlines(current.copy().getDeadlines());
                requested.setVersion(current.getVersion());
            }
            return requested;
        }
        Job job = current == null ? Job.unregistered(fact.getJobId()) : current.copy();
        if (fact instanceof TimerFired timer) {
            job.getDeadlines().removeIf(d -> d.getName().equals(timer.getName()));
        }
        if (fact instanceof UpdateJob update) {
            // the requested drives join the session without a state; the rules decide what becomes of them
            job.getDrives().addAll(update.requestedDrives());
        }
        return job;
    }

    private static List<Deadline> deadlinesOf(Job job) {
        return job == null ? List.of() : List.copyOf(job.getDeadlines());
    }

    private static <T> List<T> collect(KieSession session, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : session.getObjects(type::isInstance)) {
            out.add(type.cast(o));
        }
        return out;
    }
}

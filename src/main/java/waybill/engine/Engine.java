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
 */
public final class Engine {
    private Engine() { }

    public static Decision decide(Rulebook rulebook, Job current, Fact fact, Instant now) {
        Job job = workingCopy(current, fact);
        TransitionLog log = new TransitionLog();
        job.attach(log);
        Recorder recorder = new Recorder(rulebook, log);
        KieSession session = rulebook.newSession();
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
            session.fireAllRules();
            List<Refusal> refusals = recorder.outcomes(Refusal.class);
            if (!refusals.isEmpty()) {
                return new Decision(fact, now, false, refusals, List.of(), List.of(), deadlinesOf(current),
                        null, recorder.fired(), rulebook.revision(), current, current);
            }
            session.getAgenda().getAgendaGroup("settle").setFocus();
            session.getAgenda().getAgendaGroup("decide").setFocus();
            session.fireAllRules();

            List<Deadline> deadlines = collect(session, Deadline.class);
            deadlines.sort(Comparator.comparing(Deadline::getAt).thenComparing(Deadline::getName));
            job.setDeadlines(deadlines);
            List<Deletion> deletions = recorder.outcomes(Deletion.class);
            job.attach(null);
            job.setLastModifiedAt(now);
            return new Decision(fact, now, true, List.of(), List.copyOf(log.transitions()),
                    recorder.outcomes(Action.class), List.copyOf(deadlines),
                    deletions.isEmpty() ? null : deletions.get(0), recorder.fired(), rulebook.revision(),
                    current, job);
        } finally {
            // a pooled session is reset when disposed, listeners included; removing ours first keeps
            // this decision's recorder from ever seeing another decision's events
            session.removeEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.removeEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            session.dispose();
        }
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

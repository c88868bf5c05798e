package waybill.process;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import waybill.engine.Decision;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.store.JobStore;
import waybill.store.StaleJobException;
import waybill.timers.Due;

/** Jobs in memory: for replaying fixtures and dry runs. Not thread-safe. */
public final class MemoryJobStore implements JobStore {
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, Decision> byFactId = new HashMap<>();

    @Override
    public Optional<Job> find(String jobId) {
        Job job = jobs.get(jobId);
        return Optional.ofNullable(job == null ? null : job.copy());
    }

    @Override
    public Optional<Decision> decided(String factId) {
        return Optional.ofNullable(byFactId.get(factId));
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        String id = decision.jobId();
        Job stored = jobs.get(id);
        long expected = decision.before() == null ? 0 : decision.before().getVersion();
        long actual = stored == null ? 0 : stored.getVersion();
        if (expected != actual || (decision.factId() != null && byFactId.containsKey(decision.factId()))) {
            throw new StaleJobException(id);
        }
        if (decision.deletesJob()) {
            jobs.remove(id);
        } else if (decision.keepsJob()) {
            Job next = decision.job().copy();
            next.setVersion(actual + 1);
            decision.job().setVersion(actual + 1);
            jobs.put(id, next);
        }
        remember(decision);
    }

    @Override
    public void refused(Decision decision) {
        remember(decision);
    }

    private void remember(Decision decision) {
        if (decision.factId() != null) {
            byFactId.putIfAbsent(decision.factId(), decision);
        }
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        Due next = null;
        for (Job job : jobs.values()) {
            for (Deadline d : job.getDeadlines()) {
                if (!d.getAt().isAfter(until) && (next == null || d.getAt().isBefore(next.at()))) {
                    next = new Due(job.getId(), d.getName(), d.getAt());
                }
            }
        }
        return Optional.ofNullable(next);
    }

    public Map<String, Job> jobs() {
        return jobs;
    }
}

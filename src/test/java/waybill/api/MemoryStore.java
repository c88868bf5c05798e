package waybill.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.store.ActionRecord;
import waybill.store.HistoryEntry;
import waybill.process.MemoryJobStore;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.timers.Due;

/** A whole {@link Store} in memory for the HTTP tests: {@link MemoryJobStore} plus history and actions. Synchronized. */
final class MemoryStore implements Store {
    private final MemoryJobStore jobs = new MemoryJobStore();
    private final List<HistoryEntry> history = new ArrayList<>();
    private final List<ActionRecord> actions = new ArrayList<>();
    private long sequence;
    private static final com.fasterxml.jackson.databind.ObjectMapper FACTS = waybill.json.Mappers.json();

    @Override
    public synchronized Optional<Job> find(String jobId) {
        return jobs.find(jobId);
    }

    @Override
    public synchronized Optional<Decision> decided(String factId) {
        return jobs.decided(factId);
    }

    @Override
    public synchronized void commit(Decision d) throws StaleJobException {
        jobs.commit(d);
        record(d);
        for (Action a : d.actions()) {
            actions.add(new ActionRecord("a" + (actions.size() + 1), a.getType().name(), d.jobId(), a.getDriveIds(),
                    a.getReason(), a.getDueAt(), ActionRecord.OPEN, a.getRule(), d.factId(), d.at(), null));
        }
    }

    @Override
    public synchronized void refused(Decision d) {
        // like the real store: a factId keeps its first decision, a repeat leaves no second entry
        if (d.factId() != null && jobs.decided(d.factId()).isPresent()) {
            return;
        }
        jobs.refused(d);
        record(d);
    }

    private void record(Decision d) {
        history.add(new HistoryEntry(d.factId(), d.jobId(), ++sequence, d.fact().getType(), d.fact(), d.at(),
                d.accepted(), d.rejections(), d.transitions(), d.actions(), d.firedRules(), d.rulesRevision(),
                state(d.before()), d.deletesJob() ? null : state(d.job()), d.deletesJob()));
    }

    private static String state(Job job) {
        return job == null || job.getState() == null ? null : job.getState().name();
    }

    @Override
    public synchronized Optional<Due> nextDue(Instant until) {
        return jobs.nextDue(until);
    }

    @Override
    public synchronized List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top) {
        return jobs.jobs().values().stream()
                .filter(Job::isRegistered)
                .filter(j -> j.getSubscriptionId().equals(subscriptionId))
                .filter(j -> resourceGroup == null || j.getResourceGroup().equals(resourceGroup))
                .filter(j -> state == null || (j.getState() != null && j.getState().name().equals(state)))
                .filter(j -> after == null || j.getId().compareTo(after) > 0)
                .sorted(Comparator.comparing(Job::getId))
                .limit(top)
                .map(Job::copy)
                .toList();
    }

    @Override
    public synchronized List<HistoryEntry> history(String jobId) {
        return history.stream().filter(h -> jobId.equals(h.jobId())).toList();
    }

    @Override
    public synchronized Map<String, List<Fact>> openJobFacts() {
        Map<String, List<Fact>> out = new TreeMap<>();
        for (HistoryEntry h : history) {
            if (jobs.jobs().containsKey(h.jobId()) && h.fact() instanceof Fact f) {
                Fact copy = FACTS.convertValue(FACTS.valueToTree(f), Fact.class);
                copy.setAt(h.at());
                out.computeIfAbsent(h.jobId(), k -> new java.util.ArrayList<>()).add(copy);
            }
        }
        return new LinkedHashMap<>(out);
    }

    @Override
    public synchronized List<ActionRecord> actions(String status) {
        return actions.stream().filter(a -> status == null || status.equals(a.status())).toList();
    }

    @Override
    public synchronized Optional<ActionRecord> completeAction(String id, Instant at) {
        for (int i = 0; i < actions.size(); i++) {
            ActionRecord a = actions.get(i);
            if (a.id().equals(id)) {
                ActionRecord done = new ActionRecord(a.id(), a.type(), a.jobId(), a.driveIds(), a.reason(), a.dueAt(),
                        ActionRecord.DONE, a.rule(), a.factId(), a.createdAt(), at);
                actions.set(i, done);
                return Optional.of(done);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String describe() {
        return "memory (tests)";
    }

    @Override
    public void close() { }
}

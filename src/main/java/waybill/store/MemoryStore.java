package waybill.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.rulesops.history.ActivationLog;
import waybill.timers.Due;

/**
 * The whole store in memory: for replaying scenarios, dry runs, and the HTTP tests. It keeps the store
 * contract ({@code StoreContract} in the tests) as the MongoDB store does: versions and factIds checked
 * at commit, a deleted job's version counted on (a tombstone), refusals kept only with a factId, the
 * history showing facts without personal data, and a deleted job's personal data erased from its
 * history and actions. Synchronized: uncontended in a replay, which is one thread.
 */
public final class MemoryStore implements Store, OpsReads {
    private static final ObjectMapper JSON = StoredJson.MAPPER;
    private final Map<String, Job> jobs = new HashMap<>();
    /** The version a deleted job reached: a job created again under its id counts on from there. */
    private final Map<String, Long> tombstones = new HashMap<>();

    private final Map<String, Decision> byFactId = new HashMap<>();
    private final List<Entry> history = new ArrayList<>();
    private final List<ActionRecord> actions = new ArrayList<>();
    private final ActivationLog activations = new MemoryActivationLog();
    private final DeliveryLog deliveries = new MemoryDeliveryLog();
    private long sequence;

    /** A decision in the history (replaced by one without personal data when its job is deleted). */
    private record Entry(Decision decision, long sequence, String stateBefore, String stateAfter) {}

    @Override
    public synchronized Optional<Job> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::copy);
    }

    @Override
    public synchronized Optional<Decision> decided(String jobId, String factId) {
        return factId == null ? Optional.empty() : Optional.ofNullable(byFactId.get(factKey(jobId, factId)));
    }

    @Override
    public synchronized void commit(Decision decision) throws StaleJobException {
        String id = decision.jobId();
        Job stored = jobs.get(id);
        long actual = stored != null ? stored.getVersion() : tombstones.getOrDefault(id, 0L);
        long expected = decision.before() != null ? decision.before().getVersion() : stored == null ? actual : -1;
        if (expected != actual || (decision.factId() != null && byFactId.containsKey(factKey(decision)))) {
            throw new StaleJobException(id);
        }
        if (decision.job() != null) {
            decision.job().setVersion(actual + 1);
        }
        if (decision.deletesJob()) {
            jobs.remove(id);
            tombstones.put(id, actual + 1);
        } else if (decision.keepsJob()) {
            jobs.put(id, decision.job().copy());
            tombstones.remove(id);
        }
        remember(decision);
        for (Action a : decision.actions()) {
            actions.add(ActionRecord.open("a" + (actions.size() + 1), a, id, decision.factId(), decision.at()));
        }
        if (decision.deletesJob()) {
            erase(id);
        }
    }

    @Override
    public synchronized void refused(Decision decision) {
        if (decision.factId() != null && !byFactId.containsKey(factKey(decision))) {
            remember(decision);
        }
    }

    private void remember(Decision d) {
        if (d.factId() != null) {
            byFactId.put(factKey(d), d);
        }
        String before = HistoryEntry.state(d.before());
        String after = !d.accepted() ? before : d.deletesJob() ? null : HistoryEntry.state(d.job());
        history.add(new Entry(d, ++sequence, before, after));
    }

    /**
     * Replaces the job's decisions (history, factId answers) and action texts by ones without its personal
     * values, as the MongoDB store scrubs its log: objects and leaves removed, values replaced in any text.
     */
    private void erase(String jobId) {
        Set<String> personal = new HashSet<>();
        history.stream()
                .filter(e -> jobId.equals(e.decision().jobId()))
                .forEach(e -> Scrubber.collect(JSON.valueToTree(e.decision()), personal));
        for (int i = 0; i < history.size(); i++) {
            Entry e = history.get(i);
            if (jobId.equals(e.decision().jobId())) {
                JsonNode tree = JSON.valueToTree(e.decision());
                Scrubber.scrub(tree, personal);
                Decision scrubbed = JSON.convertValue(tree, Decision.class);
                history.set(i, new Entry(scrubbed, e.sequence(), e.stateBefore(), e.stateAfter()));
                if (scrubbed.factId() != null) {
                    byFactId.put(factKey(scrubbed), scrubbed);
                }
            }
        }
        actions.replaceAll(a -> jobId.equals(a.jobId()) ? a.withReason(Scrubber.text(a.reason(), personal)) : a);
    }

    @Override
    public OpsReads opsReads() {
        return this;
    }

    /** Neither the store nor its board is shared: this process alone keeps it. */
    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public synchronized void forEachJob(java.util.function.Consumer<Job> each) {
        jobs.values().stream()
                .filter(Job::isRegistered)
                .sorted(Comparator.comparing(Job::getId))
                .map(Job::copy)
                .forEach(each);
    }

    @Override
    public synchronized List<Decision> decisions(String jobId) {
        if (!jobs.containsKey(jobId)) {
            return List.of();
        }
        return history.stream()
                .map(Entry::decision)
                .filter(d -> d.accepted() && jobId.equals(d.jobId()))
                .toList();
    }

    private static HistoryEntry entry(Entry e) {
        Decision d = e.decision();
        return HistoryEntry.of(d, d.jobId(), e.sequence(), e.stateBefore(), e.stateAfter(), d.deletesJob());
    }

    /** A factId is unique per job: the key is both. */
    private static String factKey(String jobId, String factId) {
        return jobId + "\n" + factId;
    }

    private static String factKey(Decision d) {
        return factKey(d.jobId(), d.factId());
    }

    /** The earliest of each job's next deadline, ties by job id: the order of the MongoDB store. */
    @Override
    public synchronized Optional<Due> nextDue(Instant until) {
        return dueJobs(until, 1).stream().findFirst().map(id -> {
            Deadline d = jobs.get(id).nextDeadline().orElseThrow();
            return new Due(id, d.getName(), d.getAt());
        });
    }

    @Override
    public synchronized List<String> dueJobs(Instant until, int max) {
        return jobs.values().stream()
                .filter(j ->
                        j.nextDeadline().filter(d -> !d.getAt().isAfter(until)).isPresent())
                .sorted(Comparator.comparing(
                                (Job j) -> j.nextDeadline().orElseThrow().getAt())
                        .thenComparing(Job::getId))
                .limit(max)
                .map(Job::getId)
                .toList();
    }

    @Override
    public synchronized List<Job> list(
            String subscriptionId, String resourceGroup, String state, String after, int top) {
        return jobs.values().stream()
                .filter(Job::isRegistered)
                .filter(j -> subscriptionId.equals(j.getSubscriptionId()))
                .filter(j -> resourceGroup == null || resourceGroup.equals(j.getResourceGroup()))
                .filter(j -> state == null || state.equals(HistoryEntry.state(j)))
                .filter(j -> after == null || j.getId().compareTo(after) > 0)
                .sorted(Comparator.comparing(Job::getId))
                .limit(Math.max(top, 0))
                .map(Job::copy)
                .toList();
    }

    /** The jobs as committed, by id: the replay checks them in place (not copies). Not for concurrent use. */
    public Map<String, Job> jobs() {
        return jobs;
    }

    @Override
    public synchronized List<HistoryEntry> history(String jobId) {
        return history.stream()
                .filter(e -> jobId.equals(e.decision().jobId()))
                .map(MemoryStore::entry)
                .toList();
    }

    @Override
    public void forEachOpenJob(java.util.function.BiConsumer<String, List<Fact>> each) {
        Map<String, List<Fact>> out = new TreeMap<>();
        synchronized (this) { // handed out once the lock is let go: a caller may write to this store
            for (Entry e : history) {
                Decision d = e.decision();
                if (jobs.containsKey(d.jobId())) {
                    Fact copy = JSON.convertValue(JSON.valueToTree(d.fact()), Fact.class);
                    if (copy.getAt() == null) {
                        copy.setAt(d.at());
                    }
                    out.computeIfAbsent(d.jobId(), k -> new ArrayList<>()).add(copy);
                }
            }
        }
        out.forEach(each);
    }

    @Override
    public synchronized List<ActionRecord> actions(String status) {
        return actions.stream() // oldest first, as the MongoDB store: timers of several jobs fire in parallel
                .filter(a -> status == null || status.equals(a.status()))
                .sorted(Comparator.comparing(ActionRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    @Override
    public synchronized Optional<ActionRecord> completeAction(String id, Instant at, String by) {
        // completing twice answers the action as it is
        actions.replaceAll(a -> a.id().equals(id) && !ActionRecord.DONE.equals(a.status()) ? a.done(at, by) : a);
        return actions.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public ActivationLog activations() {
        return activations;
    }

    @Override
    public DeliveryLog deliveries() {
        return deliveries;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}
}

package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.bson.Document;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.store.ActionRecord;
import waybill.timers.Due;

/**
 * How the store answers what derives from the decision log (a job's snapshot, the due timers, the open
 * actions) and what it does after a commit, before a scan of {@code jobs} and at start. Snapshots come from
 * {@link SnapshotCache} and are written behind by {@link SnapshotWriter}, coalesced per job. Two kinds
 * (docs/store.md, "Two read models"):
 *
 * <p>{@link Kind#SINGLE_WRITER}, the embedded server, this process its only writer: due timers from
 * {@link DueIndex}, open actions from {@link OpenActions}, both rebuilt at start (the server has no range
 * index and cannot index {@code status}: memory keeps {@code nextDue} and the queue off scans).
 *
 * <p>{@link Kind#SHARED}, a MongoDB that instances share: a job is the snapshot this instance last held (else
 * {@code jobs}) rolled forward through the decisions logged after it, one query that finds none for a job it
 * holds. Its snapshots go behind, forward only; one that changes a field queries filter on ({@link #QUERIED})
 * is written before the answer, and this instance writes its pending ones before it reads {@code jobs}
 * itself. Due timers and open actions are indexed queries.
 */
final class ReadModel implements AutoCloseable {
    /** Who writes the database: this process alone (the embedded server), or service instances sharing it. */
    enum Kind {
        SINGLE_WRITER,
        SHARED
    }

    /** How long the snapshot writer waits between passes with one writer (coalescing busy jobs). */
    private static final long SNAPSHOT_PERIOD_MILLIS = 1_000;
    /** The same when shared, longer: readers roll jobs forward from the log, and the fields queries filter on go at once. */
    static final long SHARED_SNAPSHOT_PERIOD_MILLIS = 5_000;

    /** The snapshot's fields that queries of {@code jobs} filter or sort on. */
    private static final List<String> QUERIED =
            List.of("deleted", "registered", "subscriptionId", "resourceGroup", "state", "nextTimer");

    private final boolean shared;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> actions;
    /** The snapshots used last (about 2 KB each): 50,000 with one writer, the 10,000 this instance touched last when shared. */
    private final SnapshotCache cache;

    private final SnapshotWriter behind;
    /** With one writer, each job's next timer and the open actions; null when shared (indexed queries). */
    private final DueIndex due;

    private final OpenActions open;
    /** Until start-up has read every job, a snapshot may trail its log, and the queue is being rebuilt. */
    private volatile boolean warm;
    /** Actions inserted, rewritten or completed while warming: the rebuild's older copy does not replace them. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    ReadModel(MongoCollection<Document> jobs, MongoCollection<Document> actions, Kind kind) {
        this.shared = kind == Kind.SHARED;
        this.jobs = jobs;
        this.actions = actions;
        this.cache = new SnapshotCache(shared ? 10_000 : 50_000);
        this.behind = new SnapshotWriter(jobs, shared ? SHARED_SNAPSHOT_PERIOD_MILLIS : SNAPSHOT_PERIOD_MILLIS, shared);
        this.due = shared ? null : new DueIndex();
        this.open = shared ? null : new OpenActions();
    }

    /** True when service instances share the database. */
    boolean shared() {
        return shared;
    }

    /** The filter for the job's decision {@code seq}: by _id with one writer, else with the shard key (one shard). */
    Document decision(String jobId, long seq) {
        String id = Codec.decisionId(jobId, seq);
        return shared ? new Document("jobId", jobId).append("_id", id) : new Document("_id", id);
    }

    /** The job's current snapshot, as a reader or a writer deciding on it must see it. */
    Document find(String jobId, Projector projector) {
        // with one writer the snapshot held is current once start-up has rolled every job forward (until then a
        // read rolls its job forward, as start-up does); shared, the log is read past it (another instance's)
        return shared || !warm ? projector.catchUp(jobId, Long.MAX_VALUE) : projector.snapshot(jobId);
    }

    /** The due deadlines of at most {@code max} jobs by {@code until}, earliest first, each job re-read ({@link #find}). */
    List<Due> dueJobs(Instant until, int max, Projector projector) {
        if (shared) {
            behind.flushAll(); // the query reads the collection: this instance's timers are in it
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<Due> out = new ArrayList<>();
            boolean again = false;
            Map<String, Long> candidates = candidates(until, max);
            projector.readAhead(candidates.keySet()); // one query, not one per job
            for (Map.Entry<String, Long> candidate : candidates.entrySet()) {
                String jobId = candidate.getKey();
                Document snap = find(jobId, projector); // shared, the index or the query may trail the log
                Job job = job(jobId, snap);
                Optional<Due> next = dueBy(jobId, job, until);
                if (next.isPresent()) {
                    out.add(next.get());
                } else if (due != null) {
                    due.put(jobId, Codec.version(snap), nextTimer(job)); // corrected: asked again
                    again = true;
                } else {
                    again |= Codec.version(snap) != candidate.getValue(); // read behind its log: asked again
                }
            }
            if (!out.isEmpty() || !again) {
                return out;
            }
        }
        throw new IllegalStateException("the due timers do not settle");
    }

    /** The jobs of the earliest timers at or before {@code until}, at most {@code max}, each with its version. */
    private Map<String, Long> candidates(Instant until, int max) {
        if (due != null) {
            return due.firsts(until, max);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Document d : Docs.batched(jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(until))))
                .sort(new Document("nextTimer", 1).append("_id", 1))
                .limit(max))) {
            out.put(d.getString("_id"), Codec.version(d));
        }
        return out;
    }

    /**
     * Actions with a status (open, done; all when null), oldest first: the open ones from memory with one
     * writer once start-up has rebuilt them, else (and always when shared) from the collection.
     */
    List<ActionRecord> actions(String status) {
        if (open != null && warm && ActionRecord.OPEN.equals(status)) {
            return open.list();
        }
        Document filter = status == null ? new Document() : new Document("status", status);
        List<ActionRecord> out = new ArrayList<>();
        for (Document d : Docs.batched(actions.find(filter).sort(new Document("createdAt", 1).append("_id", 1)))) {
            out.add(Docs.record(d));
        }
        return out;
    }

    /** The job's snapshot if this read model holds it in memory, else null (the projector reads {@code jobs}). */
    Document remembered(String jobId) {
        Document cached = cache.get(jobId);
        Document pending = behind.pending(jobId);
        // with one writer the cache is as new as what is pending; shared, what is pending is this instance's
        // newest (either may be behind the log: readers roll it forward, Projector.catchUp)
        return shared ? (pending != null ? pending : cached) : (cached != null ? cached : pending);
    }

    /** The projector read or wrote this snapshot. */
    void remember(String jobId, Document snapshot) {
        if (snapshot != null) {
            cache.put(jobId, snapshot);
        }
    }

    /** A decision of this process left this snapshot of {@code job} (kept, never handed out: {@link #job} answers copies). */
    void remember(String jobId, Document snapshot, Job job) {
        cache.put(jobId, snapshot, job);
    }

    /** The job this snapshot holds: a copy of the one kept beside it, else read from its JSON (then kept). */
    Job job(String jobId, Document snapshot) {
        Job kept = cache.job(jobId, snapshot);
        if (kept == null && (kept = Codec.job(snapshot)) != null) {
            cache.put(jobId, snapshot, kept); // a sweep reads a due job twice: to pick it, then to fire it
        }
        return kept == null ? null : kept.copy();
    }

    /** After a commit: the snapshot of decision {@code v + 1}, whose writer has just logged it on a snapshot at {@code v}. */
    void afterCommit(String jobId, long v, Document snapshot) {
        Document was = shared ? remembered(jobId) : null;
        behind.enqueue(jobId, snapshot); // shared: forward only, so a later snapshot is never replaced
        if (shared
                && (was == null
                        || Codec.version(was) != v
                        || !QUERIED.stream().allMatch(k -> Objects.equals(was.get(k), snapshot.get(k))))) {
            // what the collection's indexes answer changed (lists, the board, due timers): written now, so
            // no instance's query misses it, and a kill of this one cannot leave a timer where none looks
            behind.flush(jobId);
        }
    }

    /** The job at {@code version} has its next timer at {@code nextTimer} (null: none): projected or read at start. */
    void timer(String jobId, long version, Instant nextTimer) {
        if (due != null) {
            due.put(jobId, version, nextTimer);
        }
    }

    /** An action was inserted, or its text rewritten by an erasure ({@code inserted} false: kept only if still open). */
    void action(ActionRecord action, boolean inserted) {
        if (open == null) {
            return;
        }
        if (!warm) {
            settled.add(action.id());
            open.put(action); // the record as written now (its status too): newer than the rebuild's
        } else if (inserted) {
            open.put(action);
        } else {
            open.replaceIfOpen(action);
        }
    }

    /** An action was completed. */
    void completed(String actionId) {
        if (open == null) {
            return;
        }
        if (!warm) {
            settled.add(actionId);
        }
        open.remove(actionId);
    }

    /** Before a scan of {@code jobs} (a list, the dry run's open jobs): the snapshots it would read are written. */
    void beforeScan(Predicate<Document> which) {
        behind.flush(which);
    }

    /** Replaces the job's snapshot at {@code v} by {@code snap}, this process's newest written first: false if not at {@code v}. */
    boolean replace(String jobId, long v, Document snap) {
        return behind.replace(jobId, v, snap);
    }

    /** At start, after the log is rolled forward: the open actions kept in memory, rebuilt from every action. */
    void rebuild(Iterable<Document> all) {
        if (open == null) {
            return;
        }
        for (Document a : all) {
            if (ActionRecord.OPEN.equals(a.getString("status")) && !settled.contains(a.getString("_id"))) {
                open.put(Docs.record(a));
            }
        }
    }

    /** Start-up has read every job: what {@link #rebuild} keeps in memory is complete. */
    void warmed() {
        warm = true;
        settled.clear();
    }

    /** Throws when a write behind has failed. */
    void checkWritable() {
        behind.checkWritable();
    }

    @Override
    public void close() {
        behind.close(); // before the last commit, so the file holds current snapshots
    }

    /** The job's next deadline, when it is due by {@code until}. */
    static Optional<Due> dueBy(String jobId, Job job, Instant until) {
        Deadline next = job == null ? null : job.nextDeadline().orElse(null);
        return next != null && !next.getAt().isAfter(until)
                ? Optional.of(new Due(jobId, next.getName(), next.getAt()))
                : Optional.empty();
    }

    /** The job's next timer, or null. */
    static Instant nextTimer(Job job) {
        return job == null ? null : job.nextDeadline().map(Deadline::getAt).orElse(null);
    }
}

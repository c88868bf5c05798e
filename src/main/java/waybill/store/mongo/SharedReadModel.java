package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import waybill.store.ActionRecord;
import waybill.timers.Due;

/**
 * The read model of a MongoDB that service instances share. Another instance may write any job at any
 * time, so the decision log decides: a job is read as the snapshot this instance last held
 * ({@link SnapshotCache}, else {@code jobs}) rolled forward through the decisions logged after it, which
 * for a job this instance holds is one query that finds none. A fact's snapshot is not written before
 * the answer: {@link SnapshotWriter} writes it behind, coalesced per job and only ever forward in version,
 * so an accepted fact costs the decision insert and that one read. A decision that changes what queries of
 * {@code jobs} filter on (state, next timer, subscription, resource group, registered, deleted) has its
 * snapshot written at once, before the answer. Before this instance reads {@code jobs} itself (a list,
 * the board, the due timers) it writes its pending snapshots; another instance's trail theirs, only in
 * fields no query filters on, by at most {@link #SNAPSHOT_PERIOD_MILLIS}. Due timers and open actions
 * are indexed queries ({@code jobs (nextTimer, _id)}, {@code actions (status, createdAt)}).
 */
final class SharedReadModel implements ReadModel {
    /** How many job snapshots this instance keeps (about 2 KB each). */
    private static final int SNAPSHOTS = 10_000;
    /**
     * How long the snapshot writer waits between passes (coalescing busy jobs): every reader of a job rolls
     * it forward from the log, so a longer period costs only the other instances' consoles a later view of
     * the fields no query filters on, and saves an update per job touched in it.
     */
    static final long SNAPSHOT_PERIOD_MILLIS = 5_000;

    /** The snapshot's fields that queries of {@code jobs} filter or sort on. */
    private static final List<String> QUERIED =
            List.of("deleted", "registered", "subscriptionId", "resourceGroup", "state", "nextTimer");

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> actions;
    private final SnapshotCache held = new SnapshotCache(SNAPSHOTS);
    private final SnapshotWriter behind;

    SharedReadModel(MongoCollection<Document> jobs, MongoCollection<Document> actions) {
        this.jobs = jobs;
        this.actions = actions;
        this.behind = new SnapshotWriter(jobs, SNAPSHOT_PERIOD_MILLIS, true);
    }

    @Override
    public Document find(String jobId, Projector projector) {
        // another instance may have logged decisions after the snapshot held: the log is read past it
        return projector.catchUp(jobId, Long.MAX_VALUE);
    }

    @Override
    public List<Due> dueJobs(Instant until, int max, Projector projector) {
        behind.flushAll(); // the query reads the collection: this instance's timers are in it
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<Due> out = new ArrayList<>();
            boolean stale = false;
            for (Document d : Docs.batched(jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(until))))
                    .sort(new Document("nextTimer", 1).append("_id", 1))
                    .limit(max))) {
                String jobId = d.getString("_id");
                Document snap = projector.catchUp(jobId, Long.MAX_VALUE); // the snapshot may trail the log
                Optional<Due> due = ReadModel.dueBy(jobId, snap, until);
                due.ifPresent(out::add);
                // not due, on a snapshot that trails its log: asked again once it has been rolled forward
                stale |= due.isEmpty() && Codec.version(snap) != Codec.version(d);
            }
            if (!out.isEmpty() || !stale) {
                return out;
            }
        }
        throw new IllegalStateException("the due timers do not settle");
    }

    @Override
    public List<ActionRecord> openActions() {
        return Docs.actions(actions, new Document("status", ActionRecord.OPEN));
    }

    @Override
    public Document remembered(String jobId) {
        // may be behind the log (other instances write too): readers roll it forward (Projector.catchUp)
        Document pending = behind.pending(jobId);
        return pending != null ? pending : held.get(jobId);
    }

    @Override
    public void remember(String jobId, Document snapshot) {
        if (snapshot != null) {
            held.put(jobId, snapshot);
        }
    }

    @Override
    public boolean afterCommit(String jobId, long v, Document snapshot) {
        Document was = remembered(jobId);
        // this instance logged v + 1: written behind, forward only, so a later snapshot is never replaced
        behind.enqueue(jobId, snapshot);
        if (was == null
                || Codec.version(was) != v
                || !QUERIED.stream().allMatch(k -> Objects.equals(was.get(k), snapshot.get(k)))) {
            // what the collection's indexes answer changed (lists, the board, due timers): written now, so
            // no instance's query misses it, and a kill of this one cannot leave a timer where none looks
            behind.flush(jobId);
        }
        return true;
    }

    @Override
    public void timer(String jobId, long version, Instant nextTimer) {} // the snapshot's nextTimer is the index

    @Override
    public void action(ActionRecord action, boolean inserted) {}

    @Override
    public void completed(String actionId) {}

    @Override
    public void beforeScan(Predicate<Document> which) {
        behind.flush(which);
    }

    @Override
    public void beforeWrite(String jobId) {
        behind.flush(jobId); // the conditional write of a catch-up starts from this instance's newest
    }

    @Override
    public void rebuild(Iterable<Document> actions) {}

    @Override
    public void checkWritable() {
        behind.checkWritable();
    }

    @Override
    public void close() {
        behind.close();
    }
}

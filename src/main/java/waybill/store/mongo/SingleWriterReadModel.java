package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.bson.Document;
import waybill.store.ActionRecord;
import waybill.timers.Due;

/**
 * The read model of the embedded store, where this process is the database's only writer: due timers
 * from {@link DueIndex}, open actions from {@link OpenActions} (both rebuilt at start), snapshots from
 * {@link SnapshotCache} and written behind by {@link SnapshotWriter}. The embedded server has no range
 * index and cannot index {@code status}: memory is what keeps {@code nextDue} and the queue off scans.
 */
final class SingleWriterReadModel implements ReadModel {
    /** How many job snapshots are kept in memory (about 2 KB each). */
    private static final int SNAPSHOTS = 50_000;
    /** How long the snapshot writer waits between passes (coalescing busy jobs). */
    private static final long SNAPSHOT_PERIOD_MILLIS = 1_000;

    private final MongoCollection<Document> actions;
    private final DueIndex due = new DueIndex();
    private final OpenActions open = new OpenActions();
    private final SnapshotCache cache = new SnapshotCache(SNAPSHOTS);
    private final SnapshotWriter behind;
    /** Until start-up has read every job, a snapshot may trail its log, and the queue is being rebuilt. */
    private volatile boolean warm;
    /** Actions inserted, rewritten or completed while warming: the rebuild's older copy does not replace them. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    SingleWriterReadModel(MongoCollection<Document> jobs, MongoCollection<Document> actions) {
        this.actions = actions;
        this.behind = new SnapshotWriter(jobs, SNAPSHOT_PERIOD_MILLIS, false);
    }

    @Override
    public Document find(String jobId, Projector projector) {
        // no one else writes: the snapshot this process knows is current, once start-up has rolled every
        // job forward; until then a read rolls its own job forward first (idempotent, as start-up is)
        return warm ? projector.snapshot(jobId) : projector.catchUp(jobId, Long.MAX_VALUE);
    }

    @Override
    public List<Due> dueJobs(Instant until, int max, Projector projector) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<String> candidates = due.firsts(until, max);
            List<Due> out = new ArrayList<>();
            for (String jobId : candidates) {
                // re-read before firing: the index may trail a projection; correct it when it does
                Document snap = projector.catchUp(jobId, Long.MAX_VALUE);
                ReadModel.dueBy(jobId, snap, until)
                        .ifPresentOrElse(
                                out::add, () -> due.put(jobId, Codec.version(snap), ReadModel.nextTimer(snap)));
            }
            if (!out.isEmpty() || candidates.isEmpty()) {
                return out;
            }
        }
        throw new IllegalStateException("the due-timer index does not settle");
    }

    @Override
    public List<ActionRecord> openActions() {
        return open.list();
    }

    @Override
    public Document remembered(String jobId) {
        Document cached = cache.get(jobId);
        return cached != null ? cached : behind.pending(jobId);
    }

    @Override
    public void remember(String jobId, Document snapshot) {
        if (snapshot != null) {
            cache.put(jobId, snapshot);
        }
    }

    @Override
    public boolean afterCommit(String jobId, long v, Document snapshot) {
        behind.enqueue(jobId, snapshot); // the only writer: no one else can project this job
        return true;
    }

    @Override
    public void timer(String jobId, long version, Instant nextTimer) {
        due.put(jobId, version, nextTimer);
    }

    @Override
    public void action(ActionRecord action, boolean inserted) {
        if (!warm) {
            settled.add(action.id());
            open.put(action); // the record as written now (its status too): newer than the rebuild's
        } else if (inserted) {
            open.put(action);
        } else {
            open.replaceIfOpen(action);
        }
    }

    @Override
    public void completed(String actionId) {
        if (!warm) {
            settled.add(actionId);
        }
        open.remove(actionId);
    }

    @Override
    public void beforeScan(Predicate<Document> which) {
        behind.flush(which);
    }

    @Override
    public void beforeWrite(String jobId) {
        behind.flush(jobId);
    }

    @Override
    public void rebuild(Iterable<Document> all) {
        for (Document a : all) {
            if (ActionRecord.OPEN.equals(a.getString("status")) && !settled.contains(a.getString("_id"))) {
                open.put(Docs.record(a));
            }
        }
    }

    @Override
    public void warmed() {
        warm = true;
        settled.clear();
    }

    @Override
    public void checkWritable() {
        behind.checkWritable();
    }

    @Override
    public void close() {
        behind.close(); // before the last commit, so the file holds current snapshots
    }
}

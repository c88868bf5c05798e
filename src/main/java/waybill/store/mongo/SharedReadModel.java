package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import waybill.store.ActionRecord;
import waybill.timers.Due;

/**
 * The read model of a MongoDB that service instances share: nothing is kept in memory, since another
 * instance may write any job at any time. Snapshots are read (and caught up: another instance may be
 * mid-projection) and written before the answer with a conditional replace; due timers and open actions
 * are indexed queries ({@code jobs (nextTimer, _id)}, {@code actions (status, createdAt)}).
 */
final class SharedReadModel implements ReadModel {
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> actions;

    SharedReadModel(MongoCollection<Document> jobs, MongoCollection<Document> actions) {
        this.jobs = jobs;
        this.actions = actions;
    }

    @Override
    public Document find(String jobId, Projector projector) {
        // another instance may have logged a decision it has not projected yet
        return projector.catchUp(jobId, Long.MAX_VALUE);
    }

    @Override
    public Optional<Due> nextDue(Instant until, Projector projector) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Document d = jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(until))))
                    .sort(new Document("nextTimer", 1).append("_id", 1))
                    .limit(1)
                    .first();
            if (d == null) {
                return Optional.empty();
            }
            String jobId = d.getString("_id");
            Document snap = projector.catchUp(jobId, Long.MAX_VALUE); // the snapshot may trail the log
            Optional<Due> due = ReadModel.dueBy(jobId, snap, until);
            if (due.isPresent() || Codec.version(snap) == Codec.version(d)) {
                return due; // due, or the earliest candidate is current and not due: nothing is
            }
        }
        throw new IllegalStateException("the due timers do not settle");
    }

    @Override
    public List<String> dueJobs(Instant until, int max, Projector projector) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<String> out = new ArrayList<>();
            boolean stale = false;
            for (Document d : Docs.batched(jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(until))))
                    .sort(new Document("nextTimer", 1).append("_id", 1))
                    .limit(max))) {
                String jobId = d.getString("_id");
                Document snap = projector.catchUp(jobId, Long.MAX_VALUE); // the snapshot may trail the log
                if (ReadModel.dueBy(jobId, snap, until).isPresent()) {
                    out.add(jobId);
                } else {
                    stale |= Codec.version(snap) != Codec.version(d);
                }
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
        return null; // other instances write snapshots too
    }

    @Override
    public void remember(String jobId, Document snapshot) {}

    @Override
    public boolean afterCommit(String jobId, long v, Document snapshot) {
        // a plain {_id, v} filter: the unique (_id, v) index answers it without a scan
        return jobs.replaceOne(new Document("_id", jobId).append("v", v), snapshot)
                        .getMatchedCount()
                == 1;
    }

    @Override
    public void timer(String jobId, long version, Instant nextTimer) {} // the snapshot's nextTimer is the index

    @Override
    public void action(ActionRecord action, boolean inserted) {}

    @Override
    public void completed(String actionId) {}

    @Override
    public void beforeScan(Predicate<Document> which) {} // snapshots are written before the answer

    @Override
    public void beforeWrite(String jobId) {}

    @Override
    public void rebuild(Iterable<Document> actions) {}

    @Override
    public void checkWritable() {}

    @Override
    public void close() {}
}

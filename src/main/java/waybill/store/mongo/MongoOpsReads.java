package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.store.JobQuery;
import waybill.store.OpsReads;

/**
 * The operators' views on MongoDB. Every job: one batched pass over {@code jobs}. A job's decisions: by
 * their ids. On a shared MongoDB, the board: plain filter documents over the snapshots' own fields, served
 * by the indexes {@link Indexes} creates ({@code listing}: subscription, resource group, id;
 * {@code ops_state}: state, id; {@code ops_counts}: state, subscription, resource group), a page stopping
 * at its size and each count one index range per state. A part of a name matches the id's last segment
 * (any case) within whatever the other filters select.
 */
final class MongoOpsReads implements OpsReads {
    private final MongoCollection<Document> jobs;
    private final Scans scans;
    private final ReadModel model;
    private final Projector projector;

    MongoOpsReads(MongoCollection<Document> jobs, Scans scans, ReadModel model, Projector projector) {
        this.jobs = jobs;
        this.scans = scans;
        this.model = model;
        this.projector = projector;
    }

    @Override
    public void forEachJob(Consumer<Job> each) {
        scans.eachJob(model, each);
    }

    @Override
    public List<Decision> decisions(String jobId) {
        return scans.decisions(jobId, model.find(jobId, projector));
    }

    @Override
    public boolean shared() {
        return model.shared();
    }

    @Override
    public List<Job> board(JobQuery q) {
        model.beforeScan(snap -> true); // the query reads the collection: this instance's snapshots first
        Document f = filter(q, q.state());
        if (q.after() != null) {
            f.append("_id", idFilter(q).append("$gt", q.after()));
        }
        List<Job> out = new ArrayList<>();
        for (Document d : Docs.batched(jobs.find(f).sort(new Document("_id", 1)).limit(Math.max(q.top(), 0)))) {
            Job job = Codec.job(d);
            if (job != null) {
                out.add(job);
            }
        }
        return out;
    }

    @Override
    public Map<String, Long> boardCounts(JobQuery q) {
        model.beforeScan(snap -> true);
        Map<String, Long> out = new TreeMap<>();
        for (JobState s : JobState.values()) {
            out.put(s.name(), jobs.countDocuments(filter(q, s.name())));
        }
        return out;
    }

    private static Document filter(JobQuery q, String state) {
        Document f = new Document();
        if (state != null) {
            f.append("state", state);
        }
        if (q.subscription() != null) {
            boolean reachable = q.visible() == null || q.visible().contains(q.subscription());
            f.append("subscriptionId", reachable ? q.subscription() : new Document("$in", List.of()));
        } else if (q.visible() != null) {
            f.append("subscriptionId", new Document("$in", List.copyOf(q.visible())));
        }
        if (q.resourceGroup() != null) {
            f.append("resourceGroup", q.resourceGroup());
        }
        f.append("registered", true).append("deleted", false);
        Document id = idFilter(q);
        if (!id.isEmpty()) {
            f.append("_id", id);
        }
        return f;
    }

    private static Document idFilter(JobQuery q) {
        Document id = new Document();
        if (q.name() != null) {
            id.append("$regex", "/jobs/[^/]*" + Pattern.quote(q.name()) + "[^/]*$")
                    .append("$options", "i");
        }
        return id;
    }
}

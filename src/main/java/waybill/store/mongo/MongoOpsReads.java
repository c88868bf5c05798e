package waybill.store.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.store.HistoryEntry;
import waybill.store.JobQuery;
import waybill.store.OpsReads;

/**
 * The store's reads of many documents, in batches ({@link Docs#batched}), the caller having the read model
 * write what they would miss first: a job's history, the open jobs' facts for a dry run, and the operators'
 * views. Every job: one batched pass over {@code jobs}. A job's decisions: by their ids. On a shared
 * MongoDB, the board (whose page query also lists a subscription's jobs): plain filter documents over the
 * snapshots' own fields, served by the indexes {@link Indexes} creates ({@code listing}, {@code ops_state},
 * {@code ops_counts}), a page stopping at its size and each count one index range per state. A part of a
 * name matches the id's last segment (any case) within whatever the other filters select.
 */
final class MongoOpsReads implements OpsReads {
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final EmbeddedMongo file;
    private final ReadModel model;
    private final Projector projector;

    /** @param file the embedded server, whose file is read directly at one version (see {@link #forEachJob}), or null */
    MongoOpsReads(
            MongoCollection<Document> jobs,
            MongoCollection<Document> decisions,
            EmbeddedMongo file,
            ReadModel model,
            Projector projector) {
        this.jobs = jobs;
        this.decisions = decisions;
        this.file = file;
        this.model = model;
        this.projector = projector;
    }

    /**
     * Every registered job not deleted, in id order. On the embedded server the file is read directly, its
     * versions held readable meanwhile ({@link EmbeddedMongo#scan}): through the server a scan of a million
     * jobs (the console's board at start) would keep every Get Job waiting for a minute.
     */
    @Override
    public void forEachJob(Consumer<Job> each) {
        model.beforeScan(snap -> true); // the query reads the collection: the snapshots are written first
        try (waybill.store.Backup.Hold held = file != null ? file.pinVersions() : null) {
            Iterable<Document> all = file != null
                    ? file.scan(jobs.getNamespace().getDatabaseName(), "jobs")
                    : Docs.batched(jobs.find(new Document("registered", true).append("deleted", false))
                            .sort(new Document("_id", 1)));
            for (Document d : all) {
                if (Boolean.TRUE.equals(d.get("registered")) && !Boolean.TRUE.equals(d.get("deleted"))) {
                    Optional.ofNullable(Codec.job(d)).ifPresent(each);
                }
            }
        }
    }

    /** A job's accepted decisions 1..{@code version}, oldest first, read by their ids (no scan). */
    @Override
    public List<Decision> decisions(String jobId) {
        Document snapshot = model.find(jobId, projector);
        if (Codec.job(snapshot) == null) {
            return List.of();
        }
        return Docs.byIds(decisions, Codec.decisionIds(jobId, 1, Codec.version(snapshot))).stream()
                .filter(d -> Boolean.TRUE.equals(d.getBoolean("accepted")))
                .sorted(Comparator.comparing((Document d) -> d.getString("_id")))
                .map(d -> Codec.read(d.getString("decision"), Decision.class))
                .toList();
    }

    @Override
    public boolean shared() {
        return model.shared();
    }

    @Override
    public List<Job> board(JobQuery q) {
        model.beforeScan(snap -> true); // the query reads the collection: this instance's snapshots first
        return jobs(q);
    }

    /** {@link #board}'s page, also a customer's list of a subscription's jobs; the caller has its snapshots written. */
    List<Job> jobs(JobQuery q) {
        List<Job> out = new ArrayList<>();
        Document f = filter(q, q.state(), q.after());
        Docs.batched(jobs.find(f).sort(new Document("_id", 1)).limit(Math.max(q.top(), 0)))
                .forEach(d -> Optional.ofNullable(Codec.job(d)).ifPresent(out::add));
        return out;
    }

    @Override
    public Map<String, Long> boardCounts(JobQuery q) {
        model.beforeScan(snap -> true);
        Map<String, Long> out = new TreeMap<>();
        for (JobState s : JobState.values()) {
            out.put(s.name(), jobs.countDocuments(filter(q, s.name(), null)));
        }
        return out;
    }

    private static Document filter(JobQuery q, String state, String after) {
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
        Document id = new Document();
        if (q.name() != null) {
            id.append("$regex", "/jobs/[^/]*" + Pattern.quote(q.name()) + "[^/]*$")
                    .append("$options", "i");
        }
        if (after != null) {
            id.append("$gt", after);
        }
        if (!id.isEmpty()) {
            f.append("_id", id);
        }
        return f;
    }

    List<HistoryEntry> history(String jobId) {
        return logOf(jobId).map(DecisionDocs::history).into(new ArrayList<>());
    }

    /** A job's logged decisions (accepted and refused), in version order, in batches. */
    private FindIterable<Document> logOf(String jobId) {
        return Docs.batched(decisions.find(new Document("jobId", jobId)).sort(new Document("_id", 1)));
    }

    static final int JOB_PAGE = 500;

    /**
     * The jobs not deleted, in id order, each handed with its decisions' facts in version order; the ids
     * are read {@code page} ({@link #JOB_PAGE}) at a time (after the last one handed), so one page of ids
     * and one job's facts are held at a time. A job with no decision is skipped.
     */
    void forEachOpenJob(java.util.function.BiConsumer<String, List<Fact>> each, int page) {
        String after = null;
        while (true) {
            Document filter = new Document("deleted", false);
            if (after != null) {
                filter.append("_id", new Document("$gt", after));
            }
            List<String> ids = jobs.find(filter)
                    .projection(new Document("_id", 1))
                    .sort(new Document("_id", 1))
                    .limit(page)
                    .map(d -> d.getString("_id"))
                    .into(new ArrayList<>());
            for (String id : ids) {
                List<Fact> facts = facts(id);
                if (!facts.isEmpty()) {
                    each.accept(id, facts);
                }
            }
            if (ids.size() < page) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private List<Fact> facts(String id) {
        return logOf(id)
                .map(d -> {
                    Decision decision = Codec.read(d.getString("decision"), Decision.class);
                    Fact fact = decision.fact();
                    if (fact.getAt() == null) {
                        fact.setAt(decision.at());
                    }
                    return fact;
                })
                .into(new ArrayList<>());
    }
}

package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.store.HistoryEntry;

/**
 * The reads of many documents: a job's history, the open jobs' facts for a dry run (a job list and the
 * operators' views: {@link MongoOpsReads}). Read in
 * batches ({@link Docs#batched}); the caller has the read model write what these scans would miss first.
 */
final class Scans {
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;

    Scans(MongoCollection<Document> jobs, MongoCollection<Document> decisions) {
        this.jobs = jobs;
        this.decisions = decisions;
    }

    /** A job's decisions, oldest first. */
    List<HistoryEntry> history(String jobId) {
        List<HistoryEntry> out = new ArrayList<>();
        for (Document d :
                Docs.batched(decisions.find(new Document("jobId", jobId)).sort(new Document("_id", 1)))) {
            out.add(DecisionDocs.history(d));
        }
        return out;
    }

    /** How many job ids a walk through the open jobs reads per query. */
    static final int JOB_PAGE = 500;

    /**
     * The jobs not deleted, in id order, each handed with its decisions' facts in version order; the ids
     * are read {@code page} ({@link #JOB_PAGE}) at a time (after the last one handed), so one page of ids and one job's
     * facts are held at a time. A job with no decision is skipped.
     */
    void forEachOpenJob(java.util.function.BiConsumer<String, List<Fact>> each, int page) {
        String after = null;
        while (true) {
            Document filter = new Document("deleted", false);
            if (after != null) {
                filter.append("_id", new Document("$gt", after));
            }
            List<String> ids = new ArrayList<>();
            for (Document d : jobs.find(filter)
                    .projection(new Document("_id", 1))
                    .sort(new Document("_id", 1))
                    .limit(page)) {
                ids.add(d.getString("_id"));
            }
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
        List<Fact> facts = new ArrayList<>();
        for (Document d : Docs.batched(decisions.find(new Document("jobId", id)).sort(new Document("_id", 1)))) {
            Decision decision = Codec.read(d.getString("decision"), Decision.class);
            Fact fact = decision.fact();
            if (fact.getAt() == null) {
                fact.setAt(decision.at());
            }
            facts.add(fact);
        }
        return facts;
    }
}

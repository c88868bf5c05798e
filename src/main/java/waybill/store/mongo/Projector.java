package waybill.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.store.Scrubber;

/**
 * Brings what derives from the decision log up to date: a job's actions, the erasure of its personal
 * data when a decision deletes it, and last its snapshot in {@code jobs}. The snapshot's version says
 * how far the log is applied, so a crash anywhere in between is completed by running this again (on
 * start, {@link #recover}, or when the next writer finds the snapshot behind). Every step is idempotent. On the embedded
 * store the snapshot of an ordinary decision is written behind; what differs between the embedded store
 * and a shared MongoDB is the {@link ReadModel}.
 */
final class Projector {
    private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> actions;
    private final ReadModel model;
    private final InsertGroup actionInserts;

    Projector(
            MongoCollection<Document> jobs,
            MongoCollection<Document> decisions,
            MongoCollection<Document> actions,
            ReadModel model) {
        this.jobs = jobs;
        this.decisions = decisions;
        this.actions = actions;
        this.model = model;
        this.actionInserts = new InsertGroup(actions);
    }

    /** The job's snapshot as last written, from memory when this process is the only writer. */
    Document snapshot(String jobId) {
        Document known = model.remembered(jobId);
        if (known != null) {
            return known;
        }
        Document read = jobs.find(new Document("_id", jobId)).first();
        model.remember(jobId, read);
        return read;
    }

    /** Reads the snapshots of these jobs that this process does not hold in one query: each read after costs none. */
    void readAhead(Collection<String> jobIds) {
        List<String> missing =
                jobIds.stream().filter(id -> model.remembered(id) == null).toList();
        Docs.byIds(jobs, missing).forEach(read -> model.remember(read.getString("_id"), read));
    }

    /** Applies the job's logged decisions until its snapshot is at {@code target} (or the log ends). */
    Document catchUp(String jobId, long target) {
        Document cur = snapshot(jobId);
        while (true) {
            long v = Codec.version(cur);
            if (v >= target) {
                return cur;
            }
            Document next = decisions.find(model.decision(jobId, v + 1)).first();
            if (next == null) {
                return cur;
            }
            cur = apply(jobId, cur, v, next);
        }
    }

    /**
     * The start-up pass: completes decisions a crash left logged but not projected, then lets the read model
     * rebuild its memory. Every job has a snapshot from before its first decision (a placeholder), so "is
     * decision v+1 logged?" ($in reads on _id) for each snapshot finds all unfinished work.
     *
     * @param scan every document of a collection (by name): the embedded file read directly, or the driver's find
     */
    void recover(Function<String, Iterable<Document>> scan) {
        long t0 = System.nanoTime();
        // one pass over the snapshots: the decision each one waits for, and its timer for the due index
        // (a job rolled forward below then puts its newer timer over it: the index keeps the higher version)
        List<String> next = new ArrayList<>();
        for (Document d : scan.apply("jobs")) {
            String jobId = d.getString("_id");
            long v = Codec.version(d);
            next.add(Codec.decisionId(jobId, v + 1));
            if (d.getDate("nextTimer") != null) {
                model.timer(jobId, v, d.getDate("nextTimer").toInstant());
            }
        }
        long t1 = System.nanoTime();
        List<Document> behind = Docs.byIds(decisions, next);
        behind.forEach(logged -> catchUp(logged.getString("jobId"), Long.MAX_VALUE));
        long t2 = System.nanoTime();
        model.rebuild(scan.apply("actions"));
        LOG.info(
                "store opened: {} jobs read in {} ms, {} rolled forward from the decision log in {} ms, "
                        + "open actions read in {} ms",
                next.size(),
                (t1 - t0) / 1_000_000,
                behind.size(),
                (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
    }

    /**
     * Projects decision {@code v + 1}, which this thread has just logged as {@code logged}, without reading
     * the snapshot or the log back: the insert succeeded, so no one can have advanced the snapshot past
     * {@code v}, and the caller read it at {@code v}. If the decision deletes the job (the erasure reads the
     * log), the general {@link #catchUp} does the work. Saves two reads per fact on the write path.
     */
    void advance(String jobId, long v, Document logged, Decision d, String jobJson) {
        if (d.deletesJob()) {
            catchUp(jobId, v + 1);
            return;
        }
        insertActions(logged.getString("_id"), d, Set.of());
        Document snap = Codec.snapshot(jobId, v + 1, d, jobJson);
        model.afterCommit(jobId, v, snap);
        if (d.keepsJob()) {
            model.remember(jobId, snap, d.job().copy()); // the next decision on the job starts from it
        } else {
            model.remember(jobId, snap);
        }
        model.timer(jobId, v + 1, d.nextTimer());
    }

    private Document apply(String jobId, Document cur, long v, Document logged) {
        Decision d = Codec.read(logged.getString("decision"), Decision.class);
        insertActions(logged.getString("_id"), d, d.deletesJob() ? erase(jobId, v + 1) : Set.of());
        Document snap = Codec.snapshot(jobId, v + 1, d, null);
        // conditional: a reader rolling the job forward may race another, or a writer
        boolean advanced = cur == null ? Docs.insertIfAbsent(jobs, snap) : model.replace(jobId, v, snap);
        if (!advanced) {
            Document now = jobs.find(new Document("_id", jobId)).first(); // another thread got there first
            model.remember(jobId, now);
            return now;
        }
        model.remember(jobId, snap);
        model.timer(jobId, v + 1, d.nextTimer());
        return snap;
    }

    /** The decision's actions, in one round trip with other requests' actions; one already there stays. */
    private void insertActions(String decisionId, Decision d, Set<String> personal) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < d.actions().size(); i++) {
            Action a = d.actions().get(i);
            String reason = Scrubber.text(a.getReason(), personal);
            docs.add(Docs.action(Docs.actionId(decisionId, i), decisionId, d, a, reason));
        }
        boolean[] inserted = actionInserts.insert(docs);
        for (int i = 0; i < docs.size(); i++) {
            if (inserted[i]) {
                model.action(Docs.record(docs.get(i)), true);
            }
        }
    }

    /**
     * Erases the job's personal data from every decision up to {@code seq} and from their actions. The
     * decisions are kept (history, factId idempotency) with fields removed and values replaced; actions
     * are kept too (drives may still need returning or destroying) with their text scrubbed. Actions go
     * first: the values to erase from their text are learned from the decisions.
     */
    Set<String> erase(String jobId, long seq) {
        List<Document> logged = Docs.byIds(decisions, Codec.decisionIds(jobId, 1, seq));
        Set<String> personal = new HashSet<>();
        List<JsonNode> trees = new ArrayList<>();
        List<String> actionIds = new ArrayList<>();
        for (Document doc : logged) {
            JsonNode tree = Codec.read(doc.getString("decision"), JsonNode.class);
            Scrubber.collect(tree, personal);
            trees.add(tree);
            actionIds.addAll(doc.getList("actionIds", String.class, List.of()));
        }
        for (Document a : Docs.byIds(actions, actionIds)) {
            String reason = Scrubber.text(a.getString("reason"), personal);
            if (reason != null && !reason.equals(a.getString("reason"))) {
                actions.updateOne(
                        new Document("_id", a.get("_id")), new Document("$set", new Document("reason", reason)));
                model.action(Docs.record(a.append("reason", reason)), false);
            }
        }
        for (int i = 0; i < logged.size(); i++) {
            if (Scrubber.scrub(trees.get(i), personal)) {
                decisions.updateOne(
                        new Document("_id", logged.get(i).get("_id")),
                        new Document(
                                "$set", new Document("decision", Codec.write(trees.get(i))).append("scrubbed", true)));
            }
        }
        return personal;
    }
}

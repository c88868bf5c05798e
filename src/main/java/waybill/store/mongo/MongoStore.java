package waybill.store.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.Job;
import waybill.rulesops.history.ActivationLog;
import waybill.store.ActionRecord;
import waybill.store.HistoryEntry;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.timers.Due;

/**
 * The store on MongoDB or the embedded server, through the same driver. The decision log is the commit
 * point: one insert per fact into {@code decisions}, whose _id (job#version) is the optimistic lock and
 * whose unique {@code factId} makes resubmission idempotent. Actions follow from it ({@link Projector})
 * in the same group commit; the job snapshot too on a shared MongoDB, while the embedded store writes
 * it behind: the {@link ReadModel} is what differs. See docs/store.md.
 */
public final class MongoStore implements Store {
    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> actions;
    private final ActivationLog activationLog;
    private final Durability durability;
    private final ReadModel model;
    private final Projector projector;
    private final Scans scans;
    private final String description;
    private final AutoCloseable onClose;

    /**
     * @param readModel {@link ReadModel#SINGLE_WRITER} when this process is the database's only writer (the
     *                  embedded server), {@link ReadModel#SHARED} when instances share the database
     */
    MongoStore(
            MongoClient client,
            String database,
            Durability durability,
            ReadModel.Kind readModel,
            String description,
            AutoCloseable onClose) {
        this.client = client;
        this.db = client.getDatabase(database);
        this.jobs = db.getCollection("jobs");
        this.decisions = db.getCollection("decisions");
        this.actions = db.getCollection("actions");
        this.activationLog = new Activations(db.getCollection("rule_activations"), durability);
        this.durability = durability;
        this.model = readModel.open(jobs, actions);
        this.projector = new Projector(jobs, decisions, actions, model);
        this.scans = new Scans(jobs, decisions);
        this.description = description;
        this.onClose = onClose;
        Indexes.create(jobs, decisions, actions);
        new Recovery(jobs, decisions, projector, model).run();
        durability.awaitDurable(); // what recovery healed is durable before the first request
    }

    @Override
    public Optional<Job> find(String jobId) {
        return Optional.ofNullable(Codec.job(model.find(jobId, projector)));
    }

    @Override
    public Optional<Decision> decided(String factId) {
        if (factId == null) {
            return Optional.empty();
        }
        Document d = decisions.find(new Document("factId", factId)).first();
        if (d == null) {
            return Optional.empty();
        }
        durability.awaitDurable(); // it may be a racing writer's decision, not yet committed
        return Optional.of(Codec.read(d.getString("decision"), Decision.class));
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        checkWritable();
        String jobId = decision.jobId();
        long expected;
        if (decision.before() != null) {
            expected = decision.before().getVersion();
        } else {
            Document cur = model.find(jobId, projector);
            if (Codec.job(cur) != null) {
                throw new StaleJobException(jobId); // decided as new, but the job exists now
            }
            if (cur == null) {
                Docs.insertIfAbsent(jobs, Codec.placeholder(jobId)); // lets a restart find the job to heal
            }
            expected = Codec.version(cur); // a deleted job's tombstone keeps counting versions
        }
        long seq = expected + 1;
        if (decision.fact() instanceof TimerFired t && t.getFactId() == null) {
            // one firing per deadline, also across instances: the loser of a race answers the winner's decision
            t.setFactId("timer:" + jobId + "#" + t.getName() + "@" + t.getAt());
        }
        if (decision.job() != null) {
            decision.job().setVersion(seq);
        }
        // the job after, written once: for the log and for the snapshot
        String jobJson = decision.keepsJob() ? Codec.write(decision.job()) : null;
        Document logged = DecisionDocs.accepted(decision, seq, jobJson);
        try {
            decisions.insertOne(logged);
        } catch (MongoWriteException e) {
            if (Docs.isDuplicate(e)) {
                throw new StaleJobException(jobId); // version taken, or this factId decided by a racer
            }
            throw e;
        }
        projector.advance(
                jobId, expected, logged, decision, jobJson); // no read-back: we just logged it at expected + 1
        durability.awaitDurable();
    }

    /** Keeps a refused decision only when it has a factId (idempotency); it carries no personal data. */
    @Override
    public void refused(Decision decision) {
        if (decision.factId() == null) {
            return;
        }
        durability.checkWritable();
        long v = decision.before() != null
                ? decision.before().getVersion()
                : decision.job() != null ? decision.job().getVersion() : 0;
        Docs.insertIfAbsent(
                decisions,
                DecisionDocs.refused(decision, DecisionDocs.refusedId(decision, v), v)); // a duplicate: the first stays
        durability.awaitDurable();
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        return model.nextDue(until, projector);
    }

    @Override
    public List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top) {
        // the query reads the collection: the snapshots of these jobs are written first
        model.beforeScan(snap -> subscriptionId.equals(snap.getString("subscriptionId"))
                && (resourceGroup == null || resourceGroup.equals(snap.getString("resourceGroup"))));
        return scans.jobs(subscriptionId, resourceGroup, state, after, top);
    }

    @Override
    public waybill.store.OpsReads opsReads() {
        return new MongoOpsReads(jobs, scans, model, projector);
    }

    @Override
    public List<HistoryEntry> history(String jobId) {
        return scans.history(jobId);
    }

    /** Reads only: the jobs not deleted, then each one's decisions in version order (the fact as decided). */
    @Override
    public Map<String, List<Fact>> openJobFacts() {
        model.beforeScan(snap -> true); // the query reads the collection
        return scans.openJobFacts();
    }

    @Override
    public List<ActionRecord> actions(String status) {
        if (ActionRecord.OPEN.equals(status)) {
            return model.openActions();
        }
        return Docs.actions(actions, status == null ? new Document() : new Document("status", status));
    }

    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at, String by) {
        durability.checkWritable();
        Document done = actions.findOneAndUpdate(
                new Document("_id", id).append("status", ActionRecord.OPEN),
                Docs.completion(at, by),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (done == null) {
            // unknown, or already done: completing twice answers the action as it is
            return Optional.ofNullable(actions.find(new Document("_id", id)).first())
                    .map(Docs::record);
        }
        model.completed(id);
        durability.awaitDurable();
        return Optional.of(Docs.record(done));
    }

    @Override
    public ActivationLog activations() {
        return activationLog;
    }

    /** Throws when a commit, or on the embedded store a snapshot write, has failed. */
    private void checkWritable() {
        durability.checkWritable();
        model.checkWritable();
    }

    @Override
    public boolean healthy() {
        try {
            checkWritable();
            db.runCommand(new Document("ping", 1));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            model.close(); // before the last commit, so the file holds current snapshots
            durability.close();
            client.close();
        } finally {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store failed", e);
            }
        }
    }
}

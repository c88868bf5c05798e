package waybill.store;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.process.ActionRecord;
import waybill.process.HistoryEntry;
import waybill.process.StaleJobException;
import waybill.process.Store;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.timers.Due;

/**
 * The store on MongoDB or the embedded server, through the same driver. The decision log is the commit
 * point: one insert per fact into {@code decisions}, whose _id (job#version) is the optimistic lock and
 * whose unique {@code factId} makes resubmission idempotent. Actions follow from it ({@link Projector})
 * in the same group commit; the job snapshot too on a shared MongoDB, while the embedded store writes
 * it behind ({@link SnapshotWriter}). See docs/store.md.
 */
public final class MongoStore implements Store, ActivationLog {
    /** How many job snapshots the embedded store keeps in memory (about 2 KB each). */
    private static final int SNAPSHOTS = 50_000;
    /** How long the embedded store's snapshot writer waits between passes (coalescing busy jobs). */
    private static final long SNAPSHOT_PERIOD_MILLIS = 1_000;
    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> actions;
    private final MongoCollection<Document> activations;
    private final Durability durability;
    private final boolean embedded;
    private final DueIndex due;
    private final OpenActions open;
    private final Projector projector;
    private final SnapshotWriter behind; // the embedded store only
    private final String description;
    private final AutoCloseable onClose;

    /**
     * @param embedded true when this process is the database's only writer (the embedded server): the
     *                 due timers and open actions are then answered from memory, rebuilt here at start.
     */
    MongoStore(MongoClient client, String database, Durability durability, boolean embedded,
               String description, AutoCloseable onClose) {
        this.client = client;
        this.db = client.getDatabase(database);
        this.jobs = db.getCollection("jobs");
        this.decisions = db.getCollection("decisions");
        this.actions = db.getCollection("actions");
        this.activations = db.getCollection("rule_activations");
        this.durability = durability;
        this.embedded = embedded;
        this.due = embedded ? new DueIndex() : null;
        this.open = embedded ? new OpenActions() : null;
        this.behind = embedded ? new SnapshotWriter(jobs, SNAPSHOT_PERIOD_MILLIS) : null;
        this.projector = new Projector(jobs, decisions, actions, due, open,
                embedded ? new SnapshotCache(SNAPSHOTS) : null, behind);
        this.description = description;
        this.onClose = onClose;
        Indexes.create(jobs, decisions, actions);
        new Recovery(jobs, decisions, actions, projector, due, open).run();
        durability.awaitDurable(); // what recovery healed is durable before the first request
    }

    @Override
    public Optional<Job> find(String jobId) {
        // on a shared MongoDB another instance may have logged a decision it has not projected yet
        Document snap = embedded ? projector.snapshot(jobId) : projector.catchUp(jobId, Long.MAX_VALUE);
        return Optional.ofNullable(Codec.job(snap));
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
            Document cur = embedded ? projector.snapshot(jobId) : projector.catchUp(jobId, Long.MAX_VALUE);
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
        projector.advance(jobId, expected, logged, decision, jobJson); // no read-back: we just logged it at expected + 1
        durability.awaitDurable();
    }

    /** Keeps a refused decision only when it has a factId (idempotency); it carries no personal data. */
    @Override
    public void refused(Decision decision) {
        if (decision.factId() == null) {
            return;
        }
        durability.checkWritable();
        long v = decision.before() != null ? decision.before().getVersion()
                : decision.job() != null ? decision.job().getVersion() : 0;
        String id = Codec.decisionId(String.valueOf(decision.jobId()), v) + "~"
                + UUID.nameUUIDFromBytes(decision.factId().getBytes(StandardCharsets.UTF_8));
        Docs.insertIfAbsent(decisions, DecisionDocs.refused(decision, id, v)); // a duplicate: the first stays
        durability.awaitDurable();
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            String jobId;
            long seen = -1;
            if (embedded) {
                var first = due.first(until);
                if (first.isEmpty()) {
                    return Optional.empty();
                }
                jobId = first.get().getKey();
            } else {
                Document d = jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(until))))
                        .sort(new Document("nextTimer", 1).append("_id", 1)).limit(1).first();
                if (d == null) {
                    return Optional.empty();
                }
                jobId = d.getString("_id");
                seen = Codec.version(d);
            }
            // re-read before firing: the index may trail another writer; the projection corrects it
            Document snap = projector.catchUp(jobId, Long.MAX_VALUE);
            Job job = Codec.job(snap);
            Deadline next = job == null ? null : job.nextDeadline().orElse(null);
            if (next != null && !next.getAt().isAfter(until)) {
                return Optional.of(new Due(jobId, next.getName(), next.getAt()));
            }
            if (embedded) {
                due.put(jobId, Codec.version(snap), next == null ? null : next.getAt());
            } else if (Codec.version(snap) == seen) {
                return Optional.empty(); // the earliest candidate is current and not due: nothing is
            }
        }
        throw new IllegalStateException("the due-timer index does not settle");
    }

    @Override
    public List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top) {
        if (behind != null) { // the query reads the collection: write what is pending for these jobs first
            behind.flush(snap -> subscriptionId.equals(snap.getString("subscriptionId"))
                    && (resourceGroup == null || resourceGroup.equals(snap.getString("resourceGroup"))));
        }
        Document q = new Document("subscriptionId", subscriptionId);
        if (resourceGroup != null) {
            q.append("resourceGroup", resourceGroup);
        }
        q.append("registered", true).append("deleted", false);
        if (state != null) {
            q.append("state", state);
        }
        if (after != null) {
            q.append("_id", new Document("$gt", after));
        }
        List<Job> out = new ArrayList<>();
        for (Document d : Docs.batched(jobs.find(q).sort(new Document("_id", 1)).limit(Math.max(top, 0)))) {
            out.add(Codec.job(d));
        }
        return out;
    }

    @Override
    public List<HistoryEntry> history(String jobId) {
        List<HistoryEntry> out = new ArrayList<>();
        for (Document d : Docs.batched(decisions.find(new Document("jobId", jobId)).sort(new Document("_id", 1)))) {
            out.add(DecisionDocs.history(d));
        }
        return out;
    }

    /** Reads only: the jobs not deleted, then each one's decisions in version order (the fact as decided). */
    @Override
    public Map<String, List<Fact>> openJobFacts() {
        if (behind != null) {
            behind.flushAll(); // the query reads the collection
        }
        List<String> ids = new ArrayList<>();
        for (Document d : Docs.batched(jobs.find(new Document("deleted", false)).projection(new Document("_id", 1))
                .sort(new Document("_id", 1)))) {
            ids.add(d.getString("_id"));
        }
        Map<String, List<Fact>> out = new LinkedHashMap<>();
        for (String id : ids) {
            List<Fact> facts = new ArrayList<>();
            for (Document d : Docs.batched(decisions.find(new Document("jobId", id)).sort(new Document("_id", 1)))) {
                Decision decision = Codec.read(d.getString("decision"), Decision.class);
                Fact fact = decision.fact();
                if (fact.getAt() == null) {
                    fact.setAt(decision.at());
                }
                facts.add(fact);
            }
            if (!facts.isEmpty()) {
                out.put(id, facts);
            }
        }
        return out;
    }

    @Override
    public List<ActionRecord> actions(String status) {
        if (embedded && ActionRecord.OPEN.equals(status)) {
            return open.list();
        }
        Document q = status == null ? new Document() : new Document("status", status);
        List<ActionRecord> out = new ArrayList<>();
        for (Document d : Docs.batched(actions.find(q).sort(new Document("createdAt", 1).append("_id", 1)))) {
            out.add(Docs.record(d));
        }
        return out;
    }

    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at) {
        durability.checkWritable();
        Document done = actions.findOneAndUpdate(
                new Document("_id", id).append("status", ActionRecord.OPEN),
                new Document("$set", new Document("status", ActionRecord.DONE).append("completedAt", Docs.date(at))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (done == null) {
            // unknown, or already done: completing twice answers the action as it is
            return Optional.ofNullable(actions.find(new Document("_id", id)).first()).map(Docs::record);
        }
        if (open != null) {
            open.remove(id);
        }
        durability.awaitDurable();
        return Optional.of(Docs.record(done));
    }

    /**
     * One small document per activation, its _id the next number in order (a manual clock may give
     * several activations the same instant); instances sharing a MongoDB take the next free number.
     */
    @Override
    public void recordActivation(Activation activation) {
        durability.checkWritable();
        Document last = activations.find().sort(new Document("_id", -1)).limit(1).first();
        long seq = last == null ? 1 : Long.parseLong(last.getString("_id")) + 1;
        for (int attempt = 0; ; attempt++, seq++) {
            Document doc = new Document("_id", String.format("%012d", seq)).append("revision", activation.revision())
                    .append("at", Docs.date(activation.activatedAt())).append("activation", Codec.write(activation));
            if (Docs.insertIfAbsent(activations, doc)) {
                break;
            }
            if (attempt >= 100) {
                throw new IllegalStateException("no free number for a rules activation after " + attempt + " tries");
            }
        }
        durability.awaitDurable();
    }

    @Override
    public List<Activation> activations(int limit) {
        List<Activation> newest = new ArrayList<>();
        for (Document d : Docs.batched(activations.find().sort(new Document("_id", -1)).limit(Math.max(limit, 0)))) {
            newest.add(Codec.read(d.getString("activation"), Activation.class));
        }
        java.util.Collections.reverse(newest);
        return newest;
    }

    /** Throws when a commit, or on the embedded store a snapshot write, has failed. */
    private void checkWritable() {
        durability.checkWritable();
        if (behind != null) {
            behind.checkWritable();
        }
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
            if (behind != null) {
                behind.close(); // before the last commit, so the file holds current snapshots
            }
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

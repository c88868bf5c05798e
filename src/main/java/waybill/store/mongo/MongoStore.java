package waybill.store.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.Job;
import waybill.rulesops.history.ActivationLog;
import waybill.store.ActionRecord;
import waybill.store.DeliveryLog;
import waybill.store.HistoryEntry;
import waybill.store.JobQuery;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.timers.Due;

/**
 * The store on MongoDB or the embedded server, through the same driver. The decision log is the commit
 * point: one insert per fact into {@code decisions}, whose _id (job#version) is the optimistic lock and
 * whose unique {@code factId} makes resubmission idempotent. Actions follow from it ({@link Projector})
 * in the same group commit, and the job snapshot, written behind (forward only on a shared MongoDB): the
 * {@link ReadModel} is what differs. See docs/store.md.
 */
public final class MongoStore implements Store {
    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> actions;
    private final ActivationLog activationLog;
    private final MongoDeliveryLog deliveryLog;
    private final Durability durability;
    private final ReadModel model;
    private final Projector projector;
    private final MongoOpsReads reads;
    private final InsertGroup decisionInserts;
    /** New jobs' placeholder snapshots, inserted with other requests' in one round trip. */
    private final InsertGroup placeholders;

    private final WarmUp warmUp = new WarmUp();
    private final TimerLeases leases;
    private final String description;
    /** The embedded server this store runs on, or null on a MongoDB (what it changes: the constructor). */
    private final EmbeddedMongo server;

    /**
     * @param readModel  {@link ReadModel.Kind#SINGLE_WRITER} when this process is the database's only writer
     *                   (the embedded server), {@link ReadModel.Kind#SHARED} when instances share the database
     * @param server     the embedded server the client reaches, or null on a MongoDB: its file is read directly
     *                   ({@link EmbeddedMongo#scan}), it compacts once the start-up pass is done, stops with the store
     * @param beforeWarm runs before each try of the start-up pass: for tests of the warming store
     */
    MongoStore(
            MongoClient client,
            String database,
            Durability durability,
            ReadModel.Kind readModel,
            String description,
            EmbeddedMongo server,
            Runnable beforeWarm) {
        this.client = client;
        this.db = client.getDatabase(database);
        MongoCollection<Document> jobs = db.getCollection("jobs");
        this.decisions = db.getCollection("decisions");
        this.actions = db.getCollection("actions");
        this.activationLog = new Activations(db.getCollection("rule_activations"), durability);
        this.deliveryLog = new MongoDeliveryLog(db, durability, readModel == ReadModel.Kind.SHARED);
        this.durability = durability;
        this.model = new ReadModel(jobs, actions, readModel);
        this.projector = new Projector(jobs, decisions, actions, model);
        this.reads = new MongoOpsReads(jobs, decisions, server, model, projector);
        this.decisionInserts = new InsertGroup(decisions);
        this.placeholders = new InsertGroup(jobs);
        this.leases = new TimerLeases(jobs, db.getCollection(TimerLeases.COLLECTION), projector);
        this.description = description;
        this.server = server;
        Indexes.create(jobs, decisions, actions, server == null);
        // reading every job (the log rolled forward, the memory indexes rebuilt) runs behind serving
        warmUp.start(
                () -> {
                    beforeWarm.run();
                    try (waybill.store.Backup.Hold held = server != null ? server.pinVersions() : null) {
                        projector.recover(c -> scan(c, false));
                    }
                    durability.awaitDurable(); // what recovery healed is durable
                },
                () -> {
                    model.warmed();
                    if (server != null) {
                        server.startHousekeeping(); // compaction, once the start-up pass has read every job
                    }
                });
    }

    /**
     * Every document of a collection: the embedded file read directly, else through the driver, in _id order
     * (decisions by job) when {@code ordered}. Only a backup asks for the order: on a MongoDB it walks an index
     * and fetches each document, where the start-up pass reads the collection as it lies.
     */
    private Iterable<Document> scan(String collection, boolean ordered) {
        if (server != null) {
            return server.scan(db.getName(), collection);
        }
        FindIterable<Document> all = db.getCollection(collection).find();
        Document order =
                collection.equals("decisions") ? new Document("jobId", 1).append("_id", 1) : new Document("_id", 1);
        return Docs.batched(ordered ? all.sort(order) : all);
    }

    @Override
    public boolean warming() {
        return warmUp.warming();
    }

    public void awaitWarm() {
        warmUp.await();
    }

    @Override
    public Optional<Job> find(String jobId) {
        return Optional.ofNullable(model.job(jobId, model.find(jobId, projector)));
    }

    /** The decision made for this fact on this job, once it is durable. */
    @Override
    public Optional<Decision> decided(String jobId, String factId) {
        if (factId == null) {
            return Optional.empty();
        }
        // exactly the unique (jobId, factId) key: indexed on the embedded server, one shard on a cluster
        Document d = decisions
                .find(new Document("jobId", jobId).append("factId", factId))
                .first();
        if (d == null) {
            return Optional.empty();
        }
        durability.awaitDurable(); // it may be a racing writer's decision, not yet committed
        return Optional.of(Codec.read(d.getString("decision"), Decision.class));
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        write(decision).awaitDurable();
    }

    /**
     * Logs an accepted decision (its {@code jobId#version} insert, grouped with other requests' by
     * {@link InsertGroup}, is the job's lock) and projects it; the answer waits for the returned ticket,
     * after the caller has let the job's next fact in.
     */
    @Override
    public Written write(Decision decision) throws StaleJobException {
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
                placeholders.insert(Codec.placeholder(jobId)); // lets a restart find the job to heal
            }
            expected = Codec.version(cur); // a deleted job's tombstone keeps counting versions
        }
        if (log(List.of(decision), expected) == 0) {
            throw new StaleJobException(jobId); // version taken, or this factId decided by a racer
        }
        return ticket();
    }

    /**
     * One job's decisions, each decided on the one before, logged in one insert (an ordered chain: none
     * after a failed one) and projected in order.
     */
    @Override
    public List<Written> write(List<Decision> chain) {
        if (chain.size() == 1 || chain.get(0).before() == null) {
            return Store.super.write(chain); // a job's first decision: its placeholder first
        }
        checkWritable();
        int n = log(chain, chain.get(0).before().getVersion());
        Written written = n == 0 ? null : ticket();
        return java.util.Collections.nCopies(n, written);
    }

    /** Logs decisions at {@code expected + 1} on: how many were inserted, in order, and projected. */
    private int log(List<Decision> chain, long expected) {
        List<Document> logged = new java.util.ArrayList<>();
        List<String> jobJson = new java.util.ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            Decision decision = chain.get(i);
            long seq = expected + 1 + i;
            if (decision.fact() instanceof TimerFired t && t.getFactId() == null) {
                // one firing per deadline, also across instances: the loser of a race answers the winner's decision
                t.setFactId("timer:" + decision.jobId() + "#" + t.getName() + "@" + t.getAt());
            }
            if (decision.job() != null) {
                decision.job().setVersion(seq);
            }
            // the job after, written once: for the log and for the snapshot
            jobJson.add(decision.keepsJob() ? Codec.write(decision.job()) : null);
            logged.add(DecisionDocs.accepted(decision, seq, jobJson.get(i)));
        }
        int n = decisionInserts.insertChain(logged);
        for (int i = 0; i < n; i++) { // no read-back: we just logged them
            projector.advance(chain.get(i).jobId(), expected + i, logged.get(i), chain.get(i), jobJson.get(i));
        }
        return n;
    }

    /** Taken in the job's turn: a later write on the job waits longer. */
    private Written ticket() {
        long ticket = durability.written();
        return () -> durability.await(ticket);
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
        decisionInserts.insert(DecisionDocs.refused(decision, v)); // a duplicate: the first stays
        durability.awaitDurable();
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        warmUp.await(); // timers fire once every job's timer is known
        return model.dueJobs(until, 1, projector).stream().findFirst();
    }

    @Override
    public List<String> dueJobs(Instant until, int max) {
        warmUp.await();
        return model.dueJobs(until, max, projector).stream().map(Due::jobId).toList();
    }

    @Override
    public List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top) {
        // the query reads the collection: the snapshots of these jobs are written first
        model.beforeScan(snap -> subscriptionId.equals(snap.getString("subscriptionId"))
                && (resourceGroup == null || resourceGroup.equals(snap.getString("resourceGroup"))));
        List<Job> found = reads.jobs(new JobQuery(state, subscriptionId, resourceGroup, null, null, after, top));
        return warmUp.warming() ? caughtUp(found, state) : found;
    }

    /** While warming a listed snapshot may trail its log: each is rolled forward (and dropped if it left). */
    private List<Job> caughtUp(List<Job> found, String state) {
        return found.stream()
                .map(j -> Codec.job(projector.catchUp(j.getId(), Long.MAX_VALUE)))
                .filter(j -> j != null && j.isRegistered())
                .filter(j -> state == null || state.equals(HistoryEntry.state(j)))
                .toList();
    }

    @Override
    public waybill.store.OpsReads opsReads() {
        return reads;
    }

    @Override
    public List<HistoryEntry> history(String jobId) {
        return reads.history(jobId);
    }

    @Override
    public void forEachOpenJob(java.util.function.BiConsumer<String, List<Fact>> each) {
        model.beforeScan(snap -> true); // the query reads the collection
        reads.forEachOpenJob(each, MongoOpsReads.JOB_PAGE);
    }

    @Override
    public List<ActionRecord> actions(String status) {
        return model.actions(status);
    }

    /**
     * Marks an open action done. The action is read by id first for its job: the update then names the
     * shard key, so on a sharded cluster it goes to one shard, through the unique (jobId, _id, status).
     */
    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at, String by) {
        durability.checkWritable();
        Document known = actions.find(new Document("_id", id))
                .projection(new Document("jobId", 1))
                .first();
        if (known == null) {
            return Optional.empty();
        }
        Document done = actions.findOneAndUpdate(
                new Document("jobId", known.getString("jobId"))
                        .append("_id", id)
                        .append("status", ActionRecord.OPEN),
                new Document(
                        "$set",
                        new Document("status", ActionRecord.DONE)
                                .append("completedAt", Docs.date(at))
                                .append("completedBy", by)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (done == null) {
            // already done: completing twice answers the action as it is
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

    @Override
    public DeliveryLog deliveries() {
        return deliveryLog;
    }

    /**
     * Every collection, for a backup archive. On the embedded file each collection is read at one version,
     * without the server's lock, the versions read held from compaction until the read is closed
     * ({@link EmbeddedMongo#pinVersions}); on a MongoDB each is read in _id order through the driver, the
     * decisions by job and version.
     */
    @Override
    public Optional<waybill.store.Backup> backup() {
        boolean snapshot = server != null;
        return Optional.of(new waybill.store.Backup(
                snapshot ? "embedded" : "mongodb",
                snapshot,
                c -> scan(c, true),
                () -> snapshot ? server.pinVersions() : () -> {}));
    }

    /**
     * A MongoDB that other instances may write too (majority acknowledged, the shared read model): the
     * rules follow its newest activation kept in it, and the due timers are claimed through leases.
     */
    @Override
    public boolean shared() {
        return durability == Durability.ON_ACK && model.shared();
    }

    @Override
    public Optional<waybill.store.DueClaims> dueClaims() {
        return shared() ? Optional.of(leases) : Optional.empty();
    }

    /** Throws when a commit, or on the embedded store a snapshot write, has failed. */
    private void checkWritable() {
        warmUp.checkWritable();
        durability.checkWritable();
        model.checkWritable();
    }

    @Override
    public boolean healthy() {
        try { // the store takes writes and the database answers a ping
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
            try {
                warmUp.await(); // the start-up reads the store: it ends before the store closes
            } catch (IllegalStateException failed) {
                // logged when it failed; the store still closes
            }
            model.close(); // before the last commit, so the file holds current snapshots
            durability.close();
            client.close();
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("closing the store failed", e);
            }
        }
    }
}

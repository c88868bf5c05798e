package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.fact.TimerFired;
import waybill.store.JobStore;
import waybill.store.StaleJobException;

/**
 * The write path: a decision logged in {@code decisions} (grouped with other requests' in one insert:
 * {@link InsertGroup}), then projected, then a ticket for the commit that covers it. A refusal with a
 * factId is kept for idempotency. See docs/store.md.
 */
final class DecisionLog {
    private final MongoCollection<Document> decisions;
    private final InsertGroup decisionInserts;
    private final Projector projector;
    private final ReadModel model;
    private final Durability durability;

    DecisionLog(MongoCollection<Document> decisions, Projector projector, ReadModel model, Durability durability) {
        this.decisions = decisions;
        this.decisionInserts = new InsertGroup(decisions);
        this.projector = projector;
        this.model = model;
        this.durability = durability;
    }

    /** The decision made for this fact on this job, once it is durable; null when there is none. */
    Decision decided(String jobId, String factId) {
        // exactly the unique (jobId, factId) key: indexed on the embedded server, one shard on a cluster
        Document d = decisions
                .find(new Document("jobId", jobId).append("factId", factId))
                .first();
        if (d == null) {
            return null;
        }
        durability.awaitDurable(); // it may be a racing writer's decision, not yet committed
        return Codec.read(d.getString("decision"), Decision.class);
    }

    /**
     * Logs an accepted decision (its {@code jobId#version} insert is the job's lock) and projects it; the
     * answer waits for the returned ticket, after the caller has let the job's next fact in.
     */
    JobStore.Written write(Decision decision) throws StaleJobException {
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
                projector.insertIfAbsent(Codec.placeholder(jobId)); // lets a restart find the job to heal
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
        if (!decisionInserts.insert(logged)) {
            throw new StaleJobException(jobId); // version taken, or this factId decided by a racer
        }
        projector.advance(
                jobId, expected, logged, decision, jobJson); // no read-back: we just logged it at expected + 1
        long ticket = durability.written(); // taken in the job's turn: a later write on the job waits longer
        return () -> durability.await(ticket);
    }

    /** Keeps a refused decision only when it has a factId (idempotency); it carries no personal data. */
    void refused(Decision decision) {
        if (decision.factId() == null) {
            return;
        }
        durability.checkWritable();
        long v = decision.before() != null
                ? decision.before().getVersion()
                : decision.job() != null ? decision.job().getVersion() : 0;
        decisionInserts.insert(
                DecisionDocs.refused(decision, DecisionDocs.refusedId(decision, v), v)); // a duplicate: the first stays
        durability.awaitDurable();
    }
}

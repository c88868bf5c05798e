package waybill.store.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;

/**
 * The indexes. The embedded server builds only the unique ones (and _id) and answers a query from one only
 * when the filter names exactly its fields; the others are for a real MongoDB, where queries that scan on
 * the embedded store (listing, history, the shared due query) use them. Every unique index starts with the
 * collection's shard key ({@link ShardKeys}), so a sharded cluster accepts and enforces it.
 */
final class Indexes {
    private Indexes() {}

    /**
     * @param secondary false on the embedded server: it keeps no secondary (non-unique) index, yet reads
     *                  every document of the collection twice for each one at every open (a million-job
     *                  store spent minutes there), so they are not created, and dropped where they exist
     */
    static void create(
            MongoCollection<Document> jobs,
            MongoCollection<Document> decisions,
            MongoCollection<Document> actions,
            boolean secondary) {
        if (!secondary) {
            dropSecondary(jobs);
            dropSecondary(decisions);
            dropSecondary(actions);
        }
        // indexes of an earlier version that these replace (one with the same keys must go first)
        dropIfPresent(decisions, "factId_unique"); // before factIds were unique per job
        dropIfPresent(decisions, "history"); // the non-unique (jobId, _id), now unique: job_decision
        dropIfPresent(actions, "id_status"); // before actions were sharded by job
        // idempotency: one decision per factId on a job, also when the same factId races
        decisions.createIndex(
                new Document("jobId", 1).append("factId", 1),
                new IndexOptions().unique(true).name("job_factId"));
        if (secondary) {
            // the optimistic lock: one decision per job and version (the _id is jobId#version), kept with the
            // shard key for a sharded cluster; on one server the _id index is the lock, and the embedded
            // catch-up reads a decision by _id alone (ReadModel.decision)
            decisions.createIndex(
                    new Document("jobId", 1).append("_id", 1),
                    new IndexOptions().unique(true).name("job_decision"));
            // exact {_id, v} filters (the snapshot's conditional advance) for the MongoDB-wire stand-in; the
            // embedded store reads the version under its snapshot writer's lock instead (SnapshotWriter.replace)
            jobs.createIndex(
                    new Document("_id", 1).append("v", 1),
                    new IndexOptions().unique(true).name("id_version"));
            jobs.createIndex(
                    new Document("subscriptionId", 1).append("resourceGroup", 1).append("_id", 1),
                    new IndexOptions().name("listing"));
            jobs.createIndex(new Document("nextTimer", 1).append("_id", 1), new IndexOptions().name("due"));
            // the operators' board on a shared MongoDB (MongoOpsReads): pages by state, counts by state
            jobs.createIndex(new Document("state", 1).append("_id", 1), new IndexOptions().name("ops_state"));
            jobs.createIndex(
                    new Document("state", 1).append("subscriptionId", 1).append("resourceGroup", 1),
                    new IndexOptions().name("ops_counts"));
        } else {
            // each kept up on every decision or snapshot written, for keys the _id index already holds
            dropIfPresent(decisions, "job_decision");
            dropIfPresent(jobs, "id_version");
        }
        // exact {jobId, _id, status} filter when completing an action
        actions.createIndex(
                new Document("jobId", 1).append("_id", 1).append("status", 1),
                new IndexOptions().unique(true).name("job_id_status"));
        if (secondary) {
            actions.createIndex(new Document("status", 1).append("createdAt", 1), new IndexOptions().name("queue"));
        }
    }

    private static void dropSecondary(MongoCollection<Document> c) {
        for (Document index : c.listIndexes()) {
            if (!"_id_".equals(index.getString("name")) && !Boolean.TRUE.equals(index.get("unique"))) {
                c.dropIndex(index.getString("name"));
            }
        }
    }

    /** A store made by an earlier version has indexes this one replaced. */
    private static void dropIfPresent(MongoCollection<Document> c, String name) {
        for (Document index : c.listIndexes()) {
            if (name.equals(index.getString("name"))) {
                try {
                    c.dropIndex(name);
                } catch (MongoCommandException e) {
                    // another instance dropped it first
                }
                return;
            }
        }
    }
}

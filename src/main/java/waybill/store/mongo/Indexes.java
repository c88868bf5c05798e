package waybill.store.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * The indexes. The embedded server keeps _id and two unique ones ({@link #EMBEDDED}), and answers a query from one only when
 * the filter names exactly its fields; the others are for a real MongoDB, where queries that scan on
 * the embedded store (listing, history, the shared due query) use them. Every unique index starts with the
 * collection's shard key ({@link ShardKeys}), so a sharded cluster accepts and enforces it.
 */
final class Indexes {
    private Indexes() {}

    /** What the embedded server keeps of the indexes below: any other found there is dropped at open. */
    private static final Set<String> EMBEDDED = Set.of("_id_", "job_factId", "job_id_status");

    /**
     * @param secondary false on the embedded server. It keeps no secondary (non-unique) index, yet reads every
     *                  document of the collection twice for each one at every open (a million-job store spent
     *                  minutes there); nor {@code job_decision} and {@code id_version}, one more B-tree updated
     *                  on every decision or snapshot for keys its _id index already holds (one writer: a
     *                  decision is read by _id, a snapshot advanced under a lock, {@link SnapshotWriter#replace})
     */
    static void create(
            MongoCollection<Document> jobs,
            MongoCollection<Document> decisions,
            MongoCollection<Document> actions,
            boolean secondary) {
        if (!secondary) { // every other index, an earlier version's replaced ones among them
            for (MongoCollection<Document> c : List.of(jobs, decisions, actions)) {
                for (Document index : c.listIndexes()) {
                    if (!EMBEDDED.contains(index.getString("name"))) {
                        c.dropIndex(index.getString("name"));
                    }
                }
            }
        } else { // indexes of an earlier version that these replace (one with the same keys must go first)
            // factId_unique: before factIds were unique per job; history: the non-unique (jobId, _id), now
            // unique as job_decision; id_status: before actions were sharded by job
            dropIfPresent(decisions, Set.of("factId_unique", "history"));
            dropIfPresent(actions, Set.of("id_status"));
        }
        // idempotency: one decision per factId on a job, also when the same factId races
        decisions.createIndex(
                new Document("jobId", 1).append("factId", 1),
                new IndexOptions().unique(true).name("job_factId"));
        // exact {jobId, _id, status} filter when completing an action
        actions.createIndex(
                new Document("jobId", 1).append("_id", 1).append("status", 1),
                new IndexOptions().unique(true).name("job_id_status"));
        if (!secondary) {
            return;
        }
        // the optimistic lock with the shard key (the _id is jobId#version): a sharded cluster enforces it
        decisions.createIndex(
                new Document("jobId", 1).append("_id", 1),
                new IndexOptions().unique(true).name("job_decision"));
        // exact {_id, v} filters (the snapshot's conditional advance) on the MongoDB-wire stand-in
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
        actions.createIndex(new Document("status", 1).append("createdAt", 1), new IndexOptions().name("queue"));
    }

    /** A store made by an earlier version has indexes this one replaced: those of these names, one listing read. */
    private static void dropIfPresent(MongoCollection<Document> c, Set<String> names) {
        for (Document index : c.listIndexes()) {
            String name = index.getString("name");
            if (names.contains(name)) {
                try {
                    c.dropIndex(name);
                } catch (MongoCommandException e) {
                    // another instance dropped it first
                }
            }
        }
    }
}

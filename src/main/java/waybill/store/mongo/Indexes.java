package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;

/**
 * The indexes. The embedded server builds only the unique ones (and _id); the others are for a real
 * MongoDB, where queries that scan on the embedded store (listing, history, the shared due query) use them.
 */
final class Indexes {
    private Indexes() {}

    static void create(
            MongoCollection<Document> jobs, MongoCollection<Document> decisions, MongoCollection<Document> actions) {
        IndexOptions unique = new IndexOptions().unique(true);
        // idempotency: one decision per factId, also when the same factId races
        decisions.createIndex(new Document("factId", 1), unique.name("factId_unique"));
        decisions.createIndex(new Document("jobId", 1).append("_id", 1), new IndexOptions().name("history"));
        // exact {_id, v} filters (the snapshot's conditional advance) need this on the embedded server
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
        // exact {_id, status} filter when completing an action
        actions.createIndex(
                new Document("_id", 1).append("status", 1),
                new IndexOptions().unique(true).name("id_status"));
        actions.createIndex(new Document("status", 1).append("createdAt", 1), new IndexOptions().name("queue"));
    }
}

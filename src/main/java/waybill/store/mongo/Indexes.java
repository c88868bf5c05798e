package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;

/**
 * The indexes. The embedded server keeps only the unique ones (and _id); the others are for a real
 * MongoDB, where queries that scan on the embedded store (listing, history, the shared due query) use them.
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
        IndexOptions unique = new IndexOptions().unique(true);
        // idempotency: one decision per factId, also when the same factId races
        decisions.createIndex(new Document("factId", 1), unique.name("factId_unique"));
        if (secondary) {
            decisions.createIndex(new Document("jobId", 1).append("_id", 1), new IndexOptions().name("history"));
        }
        // exact {_id, v} filters (the snapshot's conditional advance) need this on the embedded server
        jobs.createIndex(
                new Document("_id", 1).append("v", 1),
                new IndexOptions().unique(true).name("id_version"));
        if (secondary) {
            jobs.createIndex(
                    new Document("subscriptionId", 1).append("resourceGroup", 1).append("_id", 1),
                    new IndexOptions().name("listing"));
            jobs.createIndex(new Document("nextTimer", 1).append("_id", 1), new IndexOptions().name("due"));
        }
        // exact {_id, status} filter when completing an action
        actions.createIndex(
                new Document("_id", 1).append("status", 1),
                new IndexOptions().unique(true).name("id_status"));
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
}

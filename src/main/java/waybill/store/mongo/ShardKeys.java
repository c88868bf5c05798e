package waybill.store.mongo;

import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * How each collection is sharded on a sharded MongoDB cluster (docs/deploy.md has the
 * {@code sh.shardCollection} commands). A sharded cluster enforces a unique index only when it starts
 * with the shard key, so every unique index in {@link Indexes} does ({@code ShardKeysTest} checks it):
 * a job's snapshot, decisions and actions are sharded by the job id, so everything that one fact writes
 * lives on one shard and the decision log's optimistic lock ({@code (jobId, _id)}) and the idempotency
 * key ({@code (jobId, factId)}) are checked by that shard alone. Ranged keys, not hashed: MongoDB
 * enforces unique compound indexes with the shard key as prefix on ranged keys, and a range of job ids
 * keeps a subscription's jobs (which a listing reads) together.
 */
public final class ShardKeys {
    public static final Map<String, Document> SHARDED = Map.of(
            "jobs",
            new Document("_id", 1),
            "decisions",
            new Document("jobId", 1),
            "actions",
            new Document("jobId", 1),
            TimerLeases.COLLECTION,
            new Document("_id", 1),
            // outbox entries: their ids derive from the decision (and so from the job), every unique index
            // starts with _id; a job's cursor is keyed by the job id
            "deliveries",
            new Document("_id", 1),
            "delivery_cursors",
            new Document("_id", 1));

    /**
     * Collections left unsharded (they live on the database's primary shard): one small document per rules
     * activation, read by every instance's poll, a handful a year; the webhooks added through the API, a few
     * documents read by every instance.
     */
    public static final Set<String> UNSHARDED = Set.of("rule_activations", "webhooks");

    private ShardKeys() {}
}

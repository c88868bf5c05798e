package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import waybill.store.ActionRecord;

/** The operators' action queue in {@code actions}: listed by status, completed once. */
final class ActionQueue {
    private final MongoCollection<Document> actions;
    private final ReadModel model;
    private final Durability durability;

    ActionQueue(MongoCollection<Document> actions, ReadModel model, Durability durability) {
        this.actions = actions;
        this.model = model;
        this.durability = durability;
    }

    /**
     * Marks an open action done. The action is read by id first for its job: the update then names the
     * shard key, so on a sharded cluster it goes to one shard, through the unique (jobId, _id, status).
     */
    Optional<ActionRecord> complete(String id, Instant at, String by) {
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
                Docs.completion(at, by),
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
}

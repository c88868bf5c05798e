package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema a sharded cluster accepts: every collection the store makes is sharded by a key it names
 * or named as unsharded, and every unique index starts with the collection's shard key (else
 * {@code sh.shardCollection} refuses the collection, or the cluster would not enforce the index).
 */
class ShardKeysTest {
    @TempDir
    Path dir;

    @Test
    void everyUniqueIndexStartsWithItsCollectionsShardKey() {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoStore store =
                    new MongoStore(client, "shards", Durability.ON_ACK, ReadModel.Kind.SHARED, "test", null, () -> {});
            store.activations()
                    .recordActivation(new waybill.rulesops.history.Activation(
                            "r1",
                            java.time.Instant.EPOCH,
                            waybill.rulesops.history.Trigger.START,
                            false,
                            null,
                            List.of(),
                            1,
                            0,
                            0,
                            "n1",
                            null));
            store.deliveries().running(true); // the outbox's marker: its cursors' collection exists
            MongoDatabase db = client.getDatabase("shards");
            List<String> collections = db.listCollectionNames().into(new ArrayList<>());
            assertTrue(collections.containsAll(ShardKeys.SHARDED.keySet()), collections.toString());
            int unique = 0;
            for (String name : collections) {
                Document key = ShardKeys.SHARDED.get(name);
                if (key == null) {
                    assertTrue(ShardKeys.UNSHARDED.contains(name), name + " is neither sharded nor named unsharded");
                    continue;
                }
                String shardField = key.keySet().iterator().next();
                boolean supported = false;
                for (Document index : db.getCollection(name).listIndexes()) {
                    Document keys = index.get("key", Document.class);
                    String first = keys.keySet().iterator().next();
                    supported |= first.equals(shardField);
                    if ("_id_".equals(index.getString("name")) || !index.getBoolean("unique", false)) {
                        continue;
                    }
                    unique++;
                    assertEquals(
                            shardField,
                            first,
                            name + "'s unique index " + index.getString("name") + " " + keys.toJson()
                                    + " does not start with the shard key " + key.toJson());
                }
                assertTrue(supported, "no index of " + name + " starts with its shard key " + key.toJson());
            }
            assertTrue(unique >= 4, "the optimistic lock, idempotency, snapshot and action keys are unique");
            assertFalse(ShardKeys.UNSHARDED.stream().anyMatch(ShardKeys.SHARDED::containsKey));
            store.close();
        }
    }
}

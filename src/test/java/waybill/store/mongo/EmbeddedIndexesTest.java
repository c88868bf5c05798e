package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store keeps no index for keys its _id index already holds: a decision is read by _id and a
 * snapshot advanced under the snapshot writer's lock, so the shared path's {@code job_decision} and
 * {@code id_version} are not kept, and a file an earlier version wrote with them loses them at open.
 */
class EmbeddedIndexesTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithTheSharedPathsIndexesLosesThemAtOpen() {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase(StoreFactory.DEFAULT_DATABASE);
            db.getCollection("decisions")
                    .createIndex(
                            new Document("jobId", 1).append("_id", 1),
                            new IndexOptions().unique(true).name("job_decision"));
            db.getCollection("jobs")
                    .createIndex(
                            new Document("_id", 1).append("v", 1),
                            new IndexOptions().unique(true).name("id_version"));
            assertEquals(Set.of("_id_", "job_decision"), names(db, "decisions"));
            server.commit();
        }
        try (MongoStore store = StoreFactory.embedded(dir)) {
            store.awaitWarm();
        }
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase(StoreFactory.DEFAULT_DATABASE);
            assertEquals(Set.of("_id_", "job_factId"), names(db, "decisions"));
            assertEquals(Set.of("_id_"), names(db, "jobs"));
            assertEquals(Set.of("_id_", "job_id_status"), names(db, "actions"));
        }
    }

    private static Set<String> names(MongoDatabase db, String collection) {
        List<Document> indexes = db.getCollection(collection).listIndexes().into(new ArrayList<>());
        Set<String> names = new TreeSet<>();
        indexes.forEach(i -> names.add(i.getString("name")));
        return names;
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoInternalException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server answers a scan in one reply unless asked for batches; the store always asks. */
class ScanTest {
    @TempDir
    Path dir;

    @Test
    void aScanLargerThanOneWireMessageIsReadInBatches() {
        try (EmbeddedMongo server = new EmbeddedMongo(dir);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("scan").getCollection("decisions");
            String pad = "x".repeat(10_000);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 5_500; i++) { // 55 MB: more than the driver's 48 MB reply limit
                batch.add(new Document("_id", i).append("jobId", "j").append("pad", pad));
                if (batch.size() == 500) {
                    c.insertMany(batch);
                    batch.clear();
                }
            }
            // what the store avoids: the one reply is refused by the driver
            assertThrows(
                    MongoInternalException.class,
                    () -> c.find(new Document("jobId", "j")).into(new ArrayList<>()));
            assertEquals(
                    5_500,
                    Docs.batched(c.find(new Document("jobId", "j")))
                            .into(new ArrayList<>())
                            .size());
        }
    }
}

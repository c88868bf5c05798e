package waybill.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import org.bson.RawBsonDocument;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;

/**
 * The size of the decision documents a load run stored: opens a stopped service's data folder and
 * averages the BSON size of the decisions whose factId starts with a prefix (bench/load-facts.lua sends
 * {@code p-...}). bench/load.sh passes the result to {@link StoreCeiling}, so the ceiling writes
 * documents of the size the service really writes.
 *
 * <pre>StoredSizes DATA_DIR [factIdPrefix=p-]</pre>
 */
public final class StoredSizes {
    private StoredSizes() {}

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        String prefix = args.length > 1 ? args[1] : "p-";
        try (EmbeddedMongo server = new EmbeddedMongo(data);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<RawBsonDocument> decisions =
                    client.getDatabase(StoreFactory.DEFAULT_DATABASE).getCollection("decisions", RawBsonDocument.class);
            long n = 0;
            long bytes = 0;
            long min = Long.MAX_VALUE;
            long max = 0;
            for (RawBsonDocument d : decisions.find().batchSize(500)) { // the embedded server's replies are unbounded
                String factId = d.getString("factId").getValue();
                if (factId.startsWith(prefix)) {
                    long size = d.getByteBuffer().remaining();
                    n++;
                    bytes += size;
                    min = Math.min(min, size);
                    max = Math.max(max, size);
                }
            }
            if (n == 0) {
                System.out.println("no decisions with factId " + prefix + "...");
                System.exit(1);
            }
            System.out.printf(
                    "stored decisions (factId %s...): %d, BSON size mean %d B, min %d B, max %d B%n",
                    prefix, n, bytes / n, min, max);
            System.out.printf("RESULT decision_bytes=%d%n", bytes / n);
        }
    }
}

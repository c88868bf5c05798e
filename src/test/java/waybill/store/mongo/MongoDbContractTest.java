package waybill.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import waybill.store.Store;
import waybill.store.StoreContract;

/**
 * The store contract, kept by a real MongoDB (a replica set, for the majority write concern) named by the
 * environment variable {@code MONGODB_URI}. Each test uses a database of its own, dropped afterwards.
 * Without the variable there is no MongoDB to run against, and the tests are skipped saying so.
 */
class MongoDbContractTest extends StoreContract {
    private static final String URI = System.getenv("MONGODB_URI");
    private String database;

    @Override
    protected Store open() {
        Assumptions.assumeTrue(
                URI != null && !URI.isBlank(),
                "MONGODB_URI is not set: no real MongoDB to run the store contract against");
        database = "waybill_contract_" + UUID.randomUUID().toString().replace("-", "");
        return StoreFactory.shared(URI, database);
    }

    @Override
    protected void dispose(Store opened) {
        if (opened == null) {
            return;
        }
        opened.close();
        try (MongoClient client = MongoClients.create(URI)) {
            client.getDatabase(database).drop();
        }
    }
}

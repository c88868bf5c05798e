package waybill.store.mongo;

import java.nio.file.Path;
import waybill.store.Store;

/** Opens the store: a MongoDB when a URI is given, else the embedded server in the data folder. */
public final class StoreFactory {
    public static final String DEFAULT_DATABASE = MongoStores.DEFAULT_DATABASE;

    private StoreFactory() {}

    public static Store open(Path dataDir, String mongoUri) {
        return mongoUri == null || mongoUri.isBlank() ? embedded(dataDir) : mongo(mongoUri);
    }

    /** A MongoDB shared by service instances (see {@link MongoStores#shared}). */
    public static Store mongo(String uri) {
        return MongoStores.shared(uri);
    }

    /** The embedded server on {@code dataDir/waybill.mv.db}, this process its only writer. */
    public static MongoStore embedded(Path dataDir) {
        return MongoStores.embedded(dataDir);
    }
}

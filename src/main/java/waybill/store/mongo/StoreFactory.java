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

    /** The same, {@code beforeWarm} run before each try of the start-up pass (a test holding the pass). */
    public static Store open(Path dataDir, String mongoUri, Runnable beforeWarm) {
        return mongoUri == null || mongoUri.isBlank()
                ? MongoStores.embedded(
                        dataDir, ReadModel.Kind.SINGLE_WRITER, java.util.function.UnaryOperator.identity(), beforeWarm)
                : MongoStores.shared(mongoUri, null, null, System::nanoTime, beforeWarm);
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

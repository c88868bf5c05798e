package waybill.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Connects a {@link MongoStore}: to a MongoDB by URI, or to the embedded server in a data folder. */
public final class MongoStores {
    public static final String DEFAULT_DATABASE = "waybill";

    private MongoStores() {}

    /**
     * A MongoDB (replica set): majority write concern, so an acknowledged write survives the loss of
     * the primary, and no committer. Other service instances may share it: nothing is kept in memory.
     */
    public static MongoStore shared(String uri) {
        return shared(uri, null);
    }

    /** @param database the database to use, or null: the URI's, else {@value #DEFAULT_DATABASE} */
    static MongoStore shared(String uri, String database) {
        ConnectionString cs = new ConnectionString(uri);
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(cs)
                .writeConcern(WriteConcern.MAJORITY)
                .readPreference(ReadPreference.primary())
                .build());
        String db = database != null ? database : cs.getDatabase() != null ? cs.getDatabase() : DEFAULT_DATABASE;
        // the hosts only: the URI may carry a password
        return new MongoStore(
                client,
                db,
                Durability.ON_ACK,
                ReadModel.SHARED,
                "mongodb " + cs.getHosts() + "/" + db,
                new Opening(
                        name -> Docs.batched(
                                client.getDatabase(db).getCollection(name).find()),
                        () -> {},
                        () -> {},
                        () -> {},
                        true));
    }

    /** The embedded server on {@code dataDir/waybill.mv.db}, made durable by a group committer. */
    public static MongoStore embedded(Path dataDir) {
        return embedded(dataDir, ReadModel.SINGLE_WRITER);
    }

    /**
     * @param readModel {@link ReadModel#SHARED} runs the shared-MongoDB code paths (no memory) against the
     *                  embedded server: for tests of those paths without a replica set
     */
    static MongoStore embedded(Path dataDir, ReadModel.Kind readModel) {
        return embedded(dataDir, readModel, UnaryOperator.identity(), () -> {});
    }

    /**
     * @param commit     wraps the file's commit: for tests of a commit that fails
     * @param beforeWarm runs before start-up reads every job behind serving: for tests of the warming store
     */
    static MongoStore embedded(
            Path dataDir, ReadModel.Kind readModel, UnaryOperator<Runnable> commit, Runnable beforeWarm) {
        EmbeddedMongo server = new EmbeddedMongo(dataDir);
        GroupCommitter committer = new GroupCommitter(commit.apply(server::commit));
        try {
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(server.connectionString()))
                    .writeConcern(WriteConcern.ACKNOWLEDGED)
                    .retryWrites(false) // the server has no sessions; our writes are idempotent or version-checked
                    .retryReads(false)
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                    .build());
            MongoStore store = new MongoStore(
                    client,
                    DEFAULT_DATABASE,
                    committer,
                    readModel,
                    "embedded (" + server.file() + ")",
                    new Opening(
                            name -> server.scan(DEFAULT_DATABASE, name),
                            beforeWarm,
                            server::startHousekeeping, // compaction, once the start-up pass has read every job
                            server::shutdown,
                            false)); // the server keeps no secondary index
            return store;
        } catch (RuntimeException e) {
            committer.close();
            server.shutdown();
            throw e;
        }
    }
}

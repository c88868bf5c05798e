package waybill.store.mongo;

import static java.util.function.UnaryOperator.identity;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import waybill.store.Store;

/** The one entry that opens the store: a {@link MongoStore} on a MongoDB by URI, or on the embedded server. */
public final class StoreFactory {
    public static final String DEFAULT_DATABASE = "waybill";

    private StoreFactory() {}

    /** A MongoDB when a URI is given, else the embedded server in the data folder. */
    public static Store open(Path dataDir, String mongoUri) {
        return open(dataDir, mongoUri, () -> {});
    }

    /** The same, {@code beforeWarm} run before each try of the start-up pass (a test holding the pass). */
    public static Store open(Path dataDir, String mongoUri, Runnable beforeWarm) {
        return mongoUri == null || mongoUri.isBlank()
                ? embedded(dataDir, ReadModel.Kind.SINGLE_WRITER, identity(), identity(), beforeWarm)
                : shared(mongoUri, null, null, System::nanoTime, beforeWarm);
    }

    /**
     * How long one operation may wait for the database, so that a request with the database away is
     * answered (503) within {@value #ANSWER_WITHIN_SECONDS} s and holds no thread longer: picking a
     * server (a primary), opening a connection, reading a reply, and a majority's acknowledgement.
     */
    static final int SERVER_SELECTION_MILLIS = 3_000;

    /** Also the heartbeat's read timeout: a busy database that answers a heartbeat late is not down. */
    static final int CONNECT_MILLIS = 2_000;

    static final int READ_MILLIS = 4_000;
    static final int MAJORITY_MILLIS = 3_000;
    static final int ANSWER_WITHIN_SECONDS = 5;

    /**
     * A MongoDB (replica set): majority write concern, so an acknowledged write survives the loss of
     * the primary, and no committer. Other service instances may share it: nothing is kept in memory.
     * Every operation is bounded in time and, with the database away, fails fast ({@link Reachability}).
     */
    public static MongoStore shared(String uri) {
        return shared(uri, null);
    }

    /** @param database the database to use, or null: the URI's, else {@value #DEFAULT_DATABASE} */
    static MongoStore shared(String uri, String database) {
        return shared(uri, database, null, System::nanoTime, () -> {});
    }

    /**
     * @param listener hears every command the store sends (null: none): for tests that count them
     * @param nanos the clock of the reachability check's probes (a test's own)
     * @param beforeWarm runs before each try of the start-up pass (a test's outage)
     */
    static MongoStore shared(
            String uri, String database, CommandListener listener, LongSupplier nanos, Runnable beforeWarm) {
        ConnectionString cs = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder();
        if (listener != null) {
            settings.addCommandListener(listener);
        }
        MongoClient client = MongoClients.create(settings.applyConnectionString(cs)
                .writeConcern(WriteConcern.MAJORITY.withWTimeout(MAJORITY_MILLIS, TimeUnit.MILLISECONDS))
                .readPreference(ReadPreference.primary())
                // writes are not retried by the driver: ours are version-checked or idempotent, and a
                // retry would stretch the bounded wait; the caller (or the client, on a 503) sends again
                .retryWrites(false)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION_MILLIS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(CONNECT_MILLIS, TimeUnit.MILLISECONDS)
                        .readTimeout(READ_MILLIS, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxWaitTime(SERVER_SELECTION_MILLIS, TimeUnit.MILLISECONDS))
                .build());
        String db = database != null ? database : cs.getDatabase() != null ? cs.getDatabase() : DEFAULT_DATABASE;
        // the hosts only: the URI may carry a password
        String description = "mongodb " + cs.getHosts() + "/" + db;
        try {
            // every operation of every part of the store passes the one reachability check (ReachableMongo)
            MongoClient reachable =
                    ReachableMongo.wrap(client, MongoClient.class, new Reachability(description, nanos));
            return new MongoStore(
                    reachable, db, Durability.ON_ACK, ReadModel.Kind.SHARED, description, null, beforeWarm);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The embedded server on {@code dataDir/waybill.mv.db}, made durable by a group committer. */
    public static MongoStore embedded(Path dataDir) {
        return embedded(dataDir, ReadModel.Kind.SINGLE_WRITER);
    }

    /** @param readModel SHARED runs the shared-MongoDB code paths (no memory) on the embedded server: for tests */
    static MongoStore embedded(Path dataDir, ReadModel.Kind readModel) {
        return embedded(dataDir, readModel, identity(), identity(), () -> {});
    }

    /**
     * @param commit     wraps the file's commit: for tests of a commit that fails
     * @param sync       wraps the fsync that ends each commit: for tests that no answer goes out before it
     * @param beforeWarm runs before start-up reads every job behind serving: for tests of the warming store
     */
    static MongoStore embedded(
            Path dataDir,
            ReadModel.Kind readModel,
            UnaryOperator<Runnable> commit,
            UnaryOperator<Runnable> sync,
            Runnable beforeWarm) {
        EmbeddedMongo server = new EmbeddedMongo(dataDir, sync);
        GroupCommitter committer = new GroupCommitter(commit.apply(server::commit));
        try {
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(server.connectionString()))
                    .writeConcern(WriteConcern.ACKNOWLEDGED)
                    .retryWrites(false) // the server has no sessions; our writes are idempotent or version-checked
                    .retryReads(false)
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                    .build());
            String description = "embedded (" + server.file() + ")";
            return new MongoStore(client, DEFAULT_DATABASE, committer, readModel, description, server, beforeWarm);
        } catch (RuntimeException e) {
            committer.close();
            server.close();
            throw e;
        }
    }

    /** The snapshot a new job gets before its first decision, so that a restart finds the job to heal. */
    public static org.bson.Document placeholder(String jobId) {
        return Codec.placeholder(jobId);
    }
}

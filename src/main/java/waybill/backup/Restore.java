package waybill.backup;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.MongoStore;
import waybill.store.mongo.StoreFactory;

/**
 * {@code waybill restore}: a backup archive into the embedded store of a data folder or into a MongoDB.
 * The archive is verified whole first ({@link ArchiveReader}); a store that holds jobs is refused unless
 * {@code replace} (then each document of the archive replaces the one with its _id). The documents are
 * written in archive order; then the store is opened once as the service opens it, which creates its
 * indexes and rolls every job forward from its decision log (the actions and snapshots of decisions
 * made while the backup ran). A job whose first decision is in the archive but not its snapshot (made
 * during the backup) gets the placeholder the service writes before a first decision.
 */
public final class Restore {
    private static final int BATCH = 1000;
    private static final long PROGRESS_EVERY = 20_000;

    /** A store restore will not write into: it already holds jobs (and no --replace). */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The documents restored per collection, under the names of {@link Archive#NAMES}. */
    public record Report(Map<String, Long> counts, String archiveCreatedAt, String source) {}

    /** Where to: a data folder's embedded store, or a MongoDB by URI. */
    public record Target(Path dataDir, String mongoUri) {
        public String describe() {
            return mongoUri != null
                    ? "mongodb " + new ConnectionString(mongoUri).getHosts()
                    : "embedded (" + dataDir.resolve(EmbeddedMongo.FILE) + ")";
        }
    }

    private final Path archive;
    private final Consumer<String> progress;

    public Restore(Path archive, Consumer<String> progress) {
        this.archive = archive;
        this.progress = progress;
    }

    public Report into(Target target, boolean replace) {
        ArchiveReader reader = new ArchiveReader(archive);
        ArchiveReader.Manifest manifest = reader.verify(); // nothing is opened or written before this
        progress.accept("archive verified: " + manifest.total() + " documents, taken "
                + manifest.header().getString("createdAt") + " from "
                + manifest.header().getString("source"));
        if (target.mongoUri() != null) {
            ConnectionString cs = new ConnectionString(target.mongoUri());
            String db = cs.getDatabase() != null ? cs.getDatabase() : StoreFactory.DEFAULT_DATABASE;
            try (MongoClient client = MongoClients.create(target.mongoUri())) {
                MongoDatabase into = client.getDatabase(db).withWriteConcern(WriteConcern.MAJORITY);
                if (!replace) {
                    refuseIfHoldsJobs(into, target);
                }
                write(into, reader, manifest, replace);
            }
            heal(StoreFactory.shared(target.mongoUri()));
        } else {
            boolean existed = Files.exists(target.dataDir().resolve(EmbeddedMongo.FILE));
            try (EmbeddedMongo server = new EmbeddedMongo(target.dataDir());
                    MongoClient client = MongoClients.create(server.connectionString())) {
                MongoDatabase into = client.getDatabase(StoreFactory.DEFAULT_DATABASE);
                if (existed && !replace) {
                    refuseIfHoldsJobs(into, target);
                }
                write(into, reader, manifest, replace);
                server.commit();
            }
            heal(StoreFactory.embedded(target.dataDir()));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : Archive.COLLECTIONS) {
            counts.put(Archive.NAMES.get(c), manifest.counts().getOrDefault(c, 0L));
        }
        return new Report(
                counts,
                manifest.header().getString("createdAt"),
                manifest.header().getString("source"));
    }

    private static void refuseIfHoldsJobs(MongoDatabase db, Target target) {
        long jobs = db.getCollection("jobs").countDocuments();
        if (jobs > 0) {
            throw new Refused(target.describe() + " already holds " + jobs
                    + " jobs: restore refuses to mix two stores (with --replace each document of the archive "
                    + "replaces the one with its _id, and the others stay)");
        }
    }

    private void write(MongoDatabase db, ArchiveReader reader, ArchiveReader.Manifest manifest, boolean replace) {
        List<WriteModel<Document>> batch = new ArrayList<>();
        List<WriteModel<Document>> placeholders = new ArrayList<>();
        String[] current = {null};
        long[] done = {0};
        reader.read((collection, doc) -> {
            if (!collection.equals(current[0])) { // collections come one after another: the last one's rest first
                flush(db, current[0], batch, false);
                current[0] = collection;
            }
            batch.add(
                    replace
                            ? new ReplaceOneModel<>(
                                    new Document("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true))
                            : new InsertOneModel<>(doc));
            if (collection.equals("decisions") && doc.get("seq") instanceof Number n && n.longValue() == 1) {
                placeholders.add(new InsertOneModel<>(StoreFactory.placeholder(doc.getString("jobId"))));
            }
            if (batch.size() >= BATCH) {
                flush(db, "jobs", placeholders, true); // before the decisions that need them
                flush(db, collection, batch, false);
            }
            if (++done[0] % PROGRESS_EVERY == 0) {
                progress.accept("restored " + done[0] + " of " + manifest.total() + " documents (" + collection + ")");
            }
        });
        flush(db, "jobs", placeholders, true);
        flush(db, current[0], batch, false);
        progress.accept("restored " + done[0] + " of " + manifest.total() + " documents");
    }

    /**
     * One unordered bulk write. A placeholder whose job already has a snapshot is a duplicate, left as it
     * is; any other duplicate (an insert into a store that had the document) is an error.
     */
    private static void flush(
            MongoDatabase db, String collection, List<WriteModel<Document>> batch, boolean placeholders) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.getCollection(collection).bulkWrite(batch, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError err : e.getWriteErrors()) {
                if (!placeholders || err.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
        batch.clear();
    }

    /** Opens the store as the service does (indexes, the log rolled forward), waits for that, closes it. */
    private void heal(MongoStore store) {
        try (store) {
            progress.accept("opening the restored store: indexes, and every job rolled forward from its log");
            store.awaitWarm();
            if (!store.healthy()) {
                throw new IllegalStateException("the restored store does not answer: " + store.describe());
            }
        }
    }
}

package waybill.store.mongo;

import java.util.function.Function;
import org.bson.Document;

/**
 * What differs in how a {@link MongoStore} opens and closes: on the embedded server the start-up pass reads
 * the file directly ({@link EmbeddedMongo#scan}: the server would answer a scan by collecting every document
 * first, holding the collection's lock, so nothing else could read the jobs meanwhile), compaction starts
 * once the pass is done, and closing stops the server; on a shared MongoDB none of that.
 *
 * @param scan       every document of a collection (by name), for the start-up pass
 * @param beforeWarm runs before each try of the start-up pass: for tests of the warming store
 * @param onWarm     runs once the start-up pass is done
 * @param onClose    runs last when the store closes
 * @param secondaryIndexes whether to create the non-unique indexes ({@link Indexes#create})
 * @param snapshotPin      when {@code scan} reads each collection at one version (the embedded file), which a
 *                         backup relies on ({@link waybill.store.Backup#snapshot}): keeps the versions read from now on from
 *                         being freed until closed; null when the scans are no snapshot
 */
record Opening(
        Function<String, Iterable<Document>> scan,
        Runnable beforeWarm,
        Runnable onWarm,
        AutoCloseable onClose,
        boolean secondaryIndexes,
        java.util.function.Supplier<Pin> snapshotPin) {

    /** Versions of the file held readable while a long read goes on (a backup's hold); closing lets them go. */
    interface Pin extends waybill.store.Backup.Hold {}

    /**
     * A MongoDB's opening: each collection read through the driver, every index created, nothing to close.
     *
     * @param beforeWarm runs before each try of the start-up pass: for tests of the warming store
     */
    static Opening of(com.mongodb.client.MongoClient client, String db, Runnable beforeWarm) {
        return new Opening(
                name -> Docs.batched(client.getDatabase(db).getCollection(name).find()),
                beforeWarm,
                () -> {},
                () -> {},
                true,
                null);
    }
}

package waybill.store.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of the embedded server: a commit holds whole commands only. The server applies a write
 * in steps (an insert puts the document into its collection, then its key into each unique index); a
 * commit taken between two steps would leave a file that, after a kill, holds a document no index knows,
 * and the retry of that unacknowledged insert would be refused for good. So every command that can write
 * runs under a shared lock that {@link #commit} takes exclusively; reads run beside commits. Every command
 * holds the store's version it started on readable until it ends (MVStore's version usage), so a long
 * find is not left without its pages by the commits and compaction it spans.
 *
 * <p>In a server that other processes share ({@link EmbeddedMongo#standalone}) a write is also answered
 * only once it is committed to the file and synced (fsync), through one group committer, so what a client
 * was told is written survives a kill of the server.
 *
 * <p>Its unique indexes are {@link UniqueIndex}es: the same bytes in the file, each key serialized once.
 * Its collections' documents and ids, and its indexes' positions, are written as {@link DocumentType} writes them.
 */
final class CommittingBackend extends H2Backend {
    /** Commands that change nothing in the file (lower case); every other command is treated as a write. */
    private static final Set<String> READS = Set.of(
            "find",
            "getmore",
            "count",
            "distinct",
            "aggregate", // unless it has a $out or $merge stage
            "listcollections",
            "listindexes",
            "listdatabases",
            "killcursors",
            "endsessions",
            "hello",
            "ismaster",
            "ping",
            "buildinfo",
            "whatsmyuri",
            "serverstatus",
            "dbstats",
            "collstats",
            "getparameter",
            "getlasterror",
            "getlog",
            "connectionstatus",
            "hostinfo",
            "currentop");

    private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
    /** Write commands begun: housekeeping tells from it whether any ran since its last round. */
    private final LongAdder writeCommands = new LongAdder();
    /** A standalone server's committer: a write is answered once it is committed; null in-process. */
    private final GroupCommitter committer;

    /** @param committer a standalone server's (see {@link EmbeddedMongo#standalone}), or null: its clients commit */
    CommittingBackend(MVStore store, GroupCommitter committer) {
        super(store);
        this.committer = committer;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new H2Database(name, getMvStore(), getCursorRegistry()) {
            @Override
            protected Index<Object> openOrCreateUniqueIndex(
                    String collection, String index, List<IndexKey> keys, boolean sparse) {
                MVMap<Object, Object> map = getMvStore()
                        .openMap(
                                getFullCollectionNamespace(collection) + "._index_" + index,
                                new MVMap.Builder<>()
                                        .keyType(new UniqueIndex.KeyType())
                                        .valueType(new DocumentType())); // the positions: ids
                return new UniqueIndex(map, index, keys, sparse);
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
                DocumentType.open(getMvStore(), "databases." + getFullCollectionNamespace(collection));
                return super.openOrCreateCollection(collection, options); // finds the data map open
            }
        };
    }

    /** Every command, whichever message carried it (OP_MSG, or an OP_QUERY on {@code $cmd}). */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        // the version the command reads stays readable until it ends (compaction and later commits free
        // no chunk it may still read), whatever number of commits it spans
        MVStore.TxCounter reading = getMvStore().registerVersionUsage();
        try {
            if (!writes(command, query)) {
                return super.handleCommand(channel, database, command, query);
            }
            writeCommands.increment();
            commands.readLock().lock();
            try {
                return super.handleCommand(channel, database, command, query);
            } finally {
                commands.readLock().unlock();
            }
        } finally {
            getMvStore().deregisterVersionUsage(reading);
        }
    }

    /** A command (OP_MSG, all the driver sends): its first key names it. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document answer = super.handleMessage(message);
        Document command = message.getDocument();
        if (committer != null
                && !command.isEmpty()
                && writes(command.keySet().iterator().next(), command)) {
            committer.awaitDurable(); // outside the command's lock: the commit it waits for takes that lock
        }
        return answer;
    }

    /**
     * Commits what every finished command wrote, and nothing of a command still running: the chunk is
     * serialized and written while no command writes (MVStore without its background writer commits in
     * the calling thread).
     */
    @Override
    public void commit() {
        exclusively(super::commit);
    }

    long writeCommands() {
        return writeCommands.sum();
    }

    /** Runs {@code action} while no command writes: for what stores the file's current state (compaction). */
    void exclusively(Runnable action) {
        commands.writeLock().lock();
        try {
            action.run();
        } finally {
            commands.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        exclusively(super::close); // closing stores what is unsaved: whole commands only there too
    }

    private static boolean writes(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (!READS.contains(name)) {
            return true;
        }
        return name.equals("aggregate")
                && query.get("pipeline") instanceof List<?> stages
                && stages.stream()
                        .anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
    }
}

package waybill.store.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: mongo-java-server with its H2 backend in a file, reached over the wire by the
 * real driver (so the embedded and the MongoDB store run the same code). We open the MVStore ourselves
 * (retention time 0 and {@link #VERSIONS_TO_KEEP} versions, set on every open, or the file grows several
 * times over) and commit it from our own group committer, each commit followed by one fsync (docs/store.md,
 * Durability). Only we commit, while no command writes ({@link CommittingBackend}): MVStore's own commits
 * (its background writer's, and a write's that finds much unsaved) would run beside the server's commands
 * and could store half of one, so they are off, and compaction runs on our
 * {@link #startHousekeeping housekeeping} thread instead.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    public static final String FILE = "waybill.mv.db";
    /**
     * Versions (commits) whose chunks stay readable after they are dead, beyond those a reader holds: every
     * command holds the version it reads ({@link CommittingBackend}), and so does every direct scan of the
     * file ({@link #pinVersions}), so a long read does not depend on this. Each version kept lengthens every
     * changed map's chain of roots, walked at each commit, and keeps dead chunks in the file.
     */
    static final int VERSIONS_TO_KEEP = Integer.getInteger("waybill.h2.versionsToKeep", 2);

    /**
     * MVStore's cache of the file's pages, in MB: an eighth of the heap, between MVStore's default (16) and
     * 256. A timer sweep over a million jobs reads pages of their indexes and documents spread over the
     * file: 10,000 due timers fired at 318 a second with 16 MB, at 380–447 with 256 (docs/benchmarks.md,
     * "Keys as bytes, versions held by readers, the decided job kept, the page cache").
     */
    static final int CACHE_MB = Integer.getInteger("waybill.h2.cacheMb", (int) Math.max(
            16, Math.min(256, Runtime.getRuntime().maxMemory() / 8 >> 20)));

    /** Housekeeping's period: MVStore's own auto-commit delay. */
    private static final long HOUSEKEEPING_MILLIS = 1000;
    /** Live pages of chunks filled below this percentage are rewritten into new chunks (MVStore's 90 % under load). */
    private static final int REWRITE_BELOW_FILL_RATE = 81;
    /** The file's chunks are moved together while the file is filled below this percentage (MVStore's default). */
    private static final int MOVE_BELOW_FILL_RATE = 90;
    /** Bytes rewritten by each step of housekeeping, and moved by one while commands write (MVStore: 2 MB). */
    private static final int HOUSEKEEPING_BYTES = 4 << 20;
    /** Steps at most in a round after one in which no write command began (each a commit and a move). */
    private static final int IDLE_STEPS = 64;
    /** Bytes moved by each such step: a chunk larger than a step's move is never moved. */
    private static final long IDLE_MOVE_BYTES = 16L << 20;
    /** Netty worker threads of the standalone server: about one per client connection in use. */
    private static final int STANDALONE_THREADS = 64;

    private final Path file;
    private final MVStore store;
    private final CommittingBackend backend;
    private final MongoServer server;
    private final String connectionString;
    private final Runnable sync;
    private volatile ScheduledExecutorService housekeeping;
    /** With {@link #standalone}: runs {@link #commit} for every write before the server answers it. */
    private final GroupCommitter committer;
    /** Write commands begun when the last round of housekeeping ended; only housekeeping uses it. */
    private long writesAtLastRound = -1;

    public EmbeddedMongo(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    /** @param sync wraps the fsync that follows each commit: for tests of what waits for it */
    EmbeddedMongo(Path dataDir, UnaryOperator<Runnable> sync) {
        this(dataDir, new InetSocketAddress("127.0.0.1", 0), false, sync);
    }

    /**
     * The server on its own, for other processes to share (as a stand-in for a replica set): bound to
     * {@code at}, and each write durable before it is acknowledged (a group commit in the server, since no
     * client commits for it), so a kill of this process loses nothing acknowledged. Housekeeping started.
     */
    public static EmbeddedMongo standalone(Path dataDir, InetSocketAddress at) {
        EmbeddedMongo server = new EmbeddedMongo(dataDir, at, true, UnaryOperator.identity());
        server.startHousekeeping();
        return server;
    }

    private EmbeddedMongo(Path dataDir, InetSocketAddress at, boolean commitOnAck, UnaryOperator<Runnable> sync) {
        quietServerLogs();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        this.file = dataDir.resolve(FILE);
        this.store = new MVStore.Builder()
                // "retry:": a thread interrupted while it reads the file (a scan on a pool stopped with
                // shutdownNow) would otherwise close the file's channel under every other reader and writer
                .fileName("retry:" + file)
                .autoCommitDisabled() // no background writer: every commit runs in the thread that asks for it
                .autoCommitBufferSize(0) // no commit from within a write that finds much unsaved
                .cacheSize(CACHE_MB)
                .open();
        store.setRetentionTime(0);
        store.setVersionsToKeep(VERSIONS_TO_KEEP);
        this.sync = sync.apply(store::sync); // a commit has written its chunk when it returns
        this.committer = commitOnAck ? new GroupCommitter(this::commit) : null;
        this.backend = new CommittingBackend(store, committer);
        this.server = new MongoServer(backend);
        if (commitOnAck) {
            // a write holds its Netty thread until its group commit: many threads, so that the other
            // connections (reads, heartbeats) on a thread are not held up behind a commit
            server.bind(at, 1, STANDALONE_THREADS);
        } else {
            server.bind(at);
        }
        InetSocketAddress bound = server.getLocalAddress();
        this.connectionString = "mongodb://" + bound.getHostString() + ":" + bound.getPort();
    }

    /**
     * Starts housekeeping, once the opening scans are done (the server opening its collections, recovery
     * reading every job): compacting under a scan can free a chunk it still has to read ("Chunk N not
     * found"). Every second a commit of what was written without waiting for one (what MVStore's auto-commit
     * did), and compaction as MVStore's background writer did it: the live pages of partly dead chunks
     * rewritten (a write like any other, stored by the next commit), and the chunks moved towards the file's
     * start while no command writes (moving stores the file's current state).
     */
    public void startHousekeeping() {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "waybill-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping = thread;
        thread.scheduleWithFixedDelay(this::housekeep, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
    }

    void housekeep() {
        try {
            if (store.isClosed()) {
                return;
            }
            long writes = backend.writeCommands();
            boolean idle = writes == writesAtLastRound; // no write command since the last round ended
            // One step while commands write. While none does, steps until nothing is left to rewrite or move,
            // or one begins: it then waits for one step at most (one long move held writes up to 2 s).
            boolean more = step(idle);
            for (int steps = 1; more && idle && steps < IDLE_STEPS && backend.writeCommands() == writes; steps++) {
                more = step(true);
            }
            writesAtLastRound = backend.writeCommands();
        } catch (RuntimeException e) {
            if (!store.isClosed()) {
                LOG.warn("store housekeeping failed; trying again in a second", e);
            }
        }
    }

    /**
     * Rewrites live pages of sparse chunks and commits them, then moves chunks towards the file's start while
     * no command writes. MVStore moves only whole chunks within the budget, chosen by the holes around them,
     * and the file shrinks only once its end is free: one 4 MB step a second left a file at six times its
     * live data for good, and never moved a chunk larger than that. True if it rewrote or moved anything.
     */
    private boolean step(boolean idle) {
        boolean rewrote = store.compact(REWRITE_BELOW_FILL_RATE, HOUSEKEEPING_BYTES);
        backend.commit();
        if (!(store.getFileStore() instanceof RandomAccessStore file) || file.getFillRate() >= MOVE_BELOW_FILL_RATE) {
            return rewrote;
        }
        long version = store.getCurrentVersion(); // a move stores a new one, and nothing else can meanwhile
        backend.exclusively(() -> file.compactMoveChunks(101, idle ? IDLE_MOVE_BYTES : HOUSEKEEPING_BYTES, store));
        return rewrote || store.getCurrentVersion() != version;
    }

    /**
     * Every document of a collection, read from the file directly and lazily, on the version current when
     * the iteration starts; the caller holds {@link #pinVersions} around it, so that version stays readable
     * while writes and compaction go on. No server lock is held: the server answers a find by collecting
     * every match first under the collection's lock, which for a pass over a million jobs would keep every
     * reader of the collection waiting. Dates come as {@link Date}, as the driver gives them.
     */
    public Iterable<Document> scan(String database, String collection) {
        String name = "databases." + database + "." + collection;
        if (!store.hasMap(name)) {
            return List.of();
        }
        MVMap<Object, Map<String, Object>> data = DocumentType.open(store, name);
        return () -> data.values().stream()
                .map(stored -> {
                    Document d = new Document();
                    stored.forEach((k, v) -> d.put(k, v instanceof Instant i ? Date.from(i) : v));
                    return d;
                })
                .iterator();
    }

    /** Keeps the file's current and later versions readable until the answer is closed: around each {@link #scan}. */
    waybill.store.Backup.Hold pinVersions() {
        MVStore.TxCounter held = store.registerVersionUsage();
        return () -> store.deregisterVersionUsage(held);
    }

    public String connectionString() {
        return connectionString;
    }

    public Path file() {
        return file;
    }

    /**
     * Writes every change made so far to the file and forces it to the disk (one fsync), so what it covers
     * survives a power cut or an OS crash, not only a kill of the process.
     */
    public void commit() {
        backend.commit();
        sync.run();
    }

    /** Commits, stops the server (its Netty threads are not daemons) and closes the file. */
    @Override
    public void close() {
        try {
            ScheduledExecutorService thread = housekeeping;
            if (thread != null) {
                thread.shutdownNow();
                try {
                    thread.awaitTermination(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            server.shutdownNow();
            if (committer != null) {
                committer.close();
            }
        } finally {
            if (!store.isClosed()) {
                commit();
                backend.close();
            }
        }
    }

    /**
     * mongo-java-server logs ERROR stack traces for ordinary events (a duplicate key is our optimistic
     * lock) and may print the offending document, which can hold personal data and BitLocker keys.
     */
    private static void quietServerLogs() {
        if (LoggerFactory.getLogger("de.bwaldvogel") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}

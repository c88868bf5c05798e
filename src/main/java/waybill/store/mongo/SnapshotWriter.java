package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.store.StoreUnavailableException;

/**
 * Writes job snapshots behind the decision log: on the embedded store (this process is the database's
 * only writer) and, forward only in version, on a shared MongoDB ({@link ReadModel}). A fact's one durable write is its decision; the snapshot it leaves is kept
 * here, answered to readers at once, and written to {@code jobs} a little later by one background
 * thread, coalesced per job: a job decided ten times between two passes is written once.
 *
 * <p>Nothing is lost by writing later: the decision log is the commit point, and start-up
 * ({@link Projector#recover}) rolls every snapshot forward through the decisions logged after it. Readers of the
 * {@code jobs} collection itself (job lists, the open jobs of a dry run) call {@link #flushAll} first;
 * a projection that writes a snapshot synchronously does it through {@link #replace}, which writes the job's first.
 *
 * <p>Order: a job's pending snapshot only moves forward in version, and every write (background or
 * flush) happens under one lock, after which the entry leaves the pending map only if it was not
 * replaced meanwhile. So at any moment the newest snapshot is either pending here or in {@code jobs}.
 */
final class SnapshotWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final MongoCollection<Document> jobs;
    private final long periodNanos;
    private final boolean shared;
    private final ConcurrentHashMap<String, Document> pending = new ConcurrentHashMap<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final ReentrantLock signal = new ReentrantLock();
    private final Condition queued = signal.newCondition();
    private final Condition stopping = signal.newCondition();
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private final LongAdder written = new LongAdder();
    /** Snapshots replaced by one command. */
    private static final int BULK = 256;

    /**
     * @param periodMillis how long the writer waits between passes: the longer, the more updates of
     *                     one job are coalesced into one write (and the more a restart replays)
     * @param shared       other instances write {@code jobs} too: a write replaces only an older version
     */
    SnapshotWriter(MongoCollection<Document> jobs, long periodMillis, boolean shared) {
        this.jobs = jobs;
        this.shared = shared;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.thread = new Thread(this::run, "waybill-snapshot-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The snapshot to write for its job; an older version than the one pending is ignored. */
    void enqueue(String jobId, Document snapshot) {
        pending.merge(jobId, snapshot, (known, next) -> Codec.version(next) >= Codec.version(known) ? next : known);
        signal.lock(); // every time: a check of the map's size first could miss a waiting writer
        try {
            queued.signal();
        } finally {
            signal.unlock();
        }
    }

    /** The job's snapshot not yet written, or null. */
    Document pending(String jobId) {
        return pending.get(jobId);
    }

    /** Writes the job's pending snapshot now, if it has one. */
    void flush(String jobId) {
        write(List.of(jobId));
    }

    /**
     * Replaces the job's snapshot at version {@code v} by {@code snap}, this process's pending one written first:
     * false if {@code jobs} holds another version. With one writer, read and replaced under the lock every
     * snapshot write takes (the embedded server keeps no {@code (_id, v)} index); shared, one replace on {@code {_id, v}}.
     */
    boolean replace(String jobId, long v, Document snap) {
        writing.lock();
        try {
            flush(jobId);
            if (shared) {
                return jobs.replaceOne(new Document("_id", jobId).append("v", v), snap)
                                .getMatchedCount()
                        == 1;
            }
            Document now = jobs.find(new Document("_id", jobId))
                    .projection(new Document("v", 1))
                    .first();
            return now != null
                    && Codec.version(now) == v
                    && jobs.replaceOne(new Document("_id", jobId), snap).getMatchedCount() == 1;
        } finally {
            writing.unlock();
        }
    }

    /** Writes every snapshot pending at the call (and any newer version of those jobs). */
    void flushAll() {
        flush(snap -> true);
    }

    /** Writes the snapshots pending at the call that match, say the jobs of one subscription. */
    void flush(Predicate<Document> which) {
        List<String> ids = pending.entrySet().stream()
                .filter(e -> which.test(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        if (!ids.isEmpty()) {
            write(ids);
        }
    }

    /** Snapshots written so far: for tests of the coalescing. */
    long written() {
        return written.sum();
    }

    /**
     * Writes these jobs' pending snapshots, under the one lock every snapshot write takes: {@link #BULK} to a
     * command (one round trip, and a command short enough not to hold a commit up).
     */
    private void write(List<String> jobIds) {
        writing.lock();
        try {
            List<Document> snaps =
                    jobIds.stream().map(pending::get).filter(Objects::nonNull).toList();
            for (int from = 0; from < snaps.size(); from += BULK) {
                List<Document> some = snaps.subList(from, Math.min(snaps.size(), from + BULK));
                checkWritable();
                // alone: the writer is the only one writing these snapshots now, a plain _id filter (indexed);
                // shared: another instance may have written a later version, which stays
                jobs.bulkWrite(some.stream().map(this::replacement).toList(), new BulkWriteOptions().ordered(false));
                some.forEach(snap -> pending.remove(snap.getString("_id"), snap)); // a newer one queued stays
                written.add(some.size());
            }
        } finally {
            writing.unlock();
        }
    }

    private ReplaceOneModel<Document> replacement(Document snap) {
        Document id = new Document("_id", snap.getString("_id"));
        return new ReplaceOneModel<>(shared ? id.append("v", new Document("$lt", Codec.version(snap))) : id, snap);
    }

    private void run() {
        while (true) {
            signal.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    queued.awaitUninterruptibly();
                }
                if (closed) {
                    return; // close() writes what is left
                }
            } finally {
                signal.unlock();
            }
            try {
                flushAll();
            } catch (RuntimeException e) {
                if (!shared) {
                    // a snapshot not written is not lost (recover replays the log), but the store now refuses writes
                    LOG.error(
                            "writing job snapshots failed: the store refuses writes; snapshots are rebuilt "
                                    + "from the decision log at start",
                            e);
                    failure = e;
                    return;
                }
                // shared: every reader rolls a job forward from the log, so they stay pending and go next pass
                LOG.warn("writing job snapshots failed ({}); they stay pending", e.toString());
            }
            signal.lock();
            try {
                long left = periodNanos;
                while (left > 0 && !closed) { // let updates of busy jobs coalesce
                    left = stopping.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                signal.unlock();
            }
        }
    }

    /** Throws once a background write has failed: the store then refuses writes rather than pile them up. */
    void checkWritable() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw new StoreUnavailableException("the store refuses writes: writing job snapshots failed", failed);
        }
    }

    /** Writes what is pending and stops the thread. */
    @Override
    public void close() {
        signal.lock();
        try {
            closed = true;
            queued.signalAll();
            stopping.signalAll();
        } finally {
            signal.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure == null) {
            try {
                flushAll();
            } catch (RuntimeException e) {
                if (!shared) {
                    throw e;
                }
                LOG.warn("job snapshots not written at close ({}); readers roll them forward", e.toString());
            }
        }
    }
}

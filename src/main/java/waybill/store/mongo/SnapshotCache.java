package waybill.store.mongo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import waybill.job.Job;

/**
 * The most recently used job snapshots, for the embedded store, where this process is the only writer:
 * reading a job before deciding then costs no database call. It only moves forward (a snapshot never
 * replaces a newer version), and it can only be behind, never wrong: a decision made on a stale snapshot
 * fails its optimistic insert and is decided again. Bounded; the least recently used jobs fall out.
 *
 * <p>The jobs decided last ({@link #DECIDED}) also keep the job their decision left beside its snapshot,
 * so the next decision on a busy job starts from a copy of it instead of parsing the snapshot's JSON again.
 */
final class SnapshotCache {
    /** Jobs whose decided job is kept (about 0.7 KB each, {@code bench/store.sh memory}): the busy ones. */
    static final int DECIDED = 1_024;

    private record Decided(Document snapshot, Job job) {}

    private final Map<String, Document> recent;
    private final Map<String, Decided> decided = lru(DECIDED);

    SnapshotCache(int capacity) {
        this.recent = lru(capacity);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Document get(String jobId) {
        return recent.get(jobId);
    }

    synchronized void put(String jobId, Document snapshot) {
        Document known = recent.get(jobId);
        if (known == null || Codec.version(known) <= Codec.version(snapshot)) {
            recent.put(jobId, snapshot);
        }
    }

    /** A decision here left {@code snapshot} of {@code job}: both kept; {@link ReadModel#job} hands out copies. */
    synchronized void put(String jobId, Document snapshot, Job job) {
        put(jobId, snapshot);
        if (recent.get(jobId) == snapshot) {
            decided.put(jobId, new Decided(snapshot, job));
        }
    }

    /** The job kept beside exactly this snapshot (the same object), or null. */
    synchronized Job job(String jobId, Document snapshot) {
        Decided d = decided.get(jobId);
        return d != null && d.snapshot == snapshot ? d.job : null;
    }
}

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
 * <p>A snapshot a decision of this process left keeps that decision's job beside it, so the next decision
 * on the job starts from a copy of it instead of parsing the snapshot's JSON again.
 */
final class SnapshotCache {
    private record Entry(Document snapshot, Job job) {}

    private final Map<String, Entry> recent;

    SnapshotCache(int capacity) {
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Document get(String jobId) {
        Entry e = recent.get(jobId);
        return e == null ? null : e.snapshot;
    }

    /** The job kept beside exactly this snapshot (the same object), or null. */
    synchronized Job job(String jobId, Document snapshot) {
        Entry e = recent.get(jobId);
        return e != null && e.snapshot == snapshot ? e.job : null;
    }

    /** @param job the job the snapshot holds, as decided (not handed out: readers get copies), or null */
    synchronized void put(String jobId, Document snapshot, Job job) {
        Entry known = recent.get(jobId);
        if (known == null || Codec.version(known.snapshot) <= Codec.version(snapshot)) {
            recent.put(jobId, new Entry(snapshot, job));
        }
    }
}

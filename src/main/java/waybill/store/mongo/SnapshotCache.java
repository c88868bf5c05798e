package waybill.store.mongo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The most recently used job snapshots, for the embedded store, where this process is the only writer:
 * reading a job before deciding then costs no database call. It only moves forward (a snapshot never
 * replaces a newer version), and it can only be behind, never wrong: a decision made on a stale snapshot
 * fails its optimistic insert and is decided again. Bounded; the least recently used jobs fall out.
 */
final class SnapshotCache {
    private final Map<String, Document> recent;

    SnapshotCache(int capacity) {
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
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
}

package waybill.store.mongo;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Each job's next timer in memory, ordered by (instant, job id): the embedded store has no range index,
 * so this is what makes {@code nextDue} cost O(log n) instead of a scan of every job. Rebuilt at start
 * from the snapshots; an entry moves only forward in job version, so projections racing on one job
 * cannot put an older timer back.
 */
final class DueIndex {
    /** Ordered by (instant, job id); the version rides along (one map less: this index is most of the heap). */
    private record Entry(Instant at, String jobId, long version) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : jobId.compareTo(o.jobId);
        }
    }

    private final TreeSet<Entry> byTime = new TreeSet<>();
    private final Map<String, Entry> byJob = new HashMap<>();

    /** The job at {@code version} has its next timer at {@code at} (null: none). */
    synchronized void put(String jobId, long version, Instant at) {
        Entry old = byJob.get(jobId);
        if (old != null && old.version > version) {
            return;
        }
        if (old != null) {
            byJob.remove(jobId);
            byTime.remove(old);
        }
        if (at == null) {
            return; // a job without timers costs nothing here
        }
        Entry e = new Entry(at, jobId, version);
        byTime.add(e);
        byJob.put(jobId, e);
    }

    /** The jobs of the earliest timers at or before {@code until}, at most {@code max}, each with its version. */
    synchronized Map<String, Long> firsts(Instant until, int max) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Entry e : byTime) {
            if (e.at.isAfter(until) || out.size() == max) {
                break;
            }
            out.put(e.jobId, e.version);
        }
        return out;
    }

    synchronized int size() {
        return byTime.size();
    }
}

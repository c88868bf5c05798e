package waybill.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import waybill.engine.Decision;
import waybill.job.JobState;
import waybill.store.JobQuery;
import waybill.store.OpsReads;
import waybill.store.Store;

/**
 * The operators' board: a row per job, in memory, in id order. Read from the store once (at the first
 * use), then kept by every decision this service makes ({@link #decided}); a row is replaced only by a
 * newer version of its job. Pages start after an id and stop at the page size; counts by state follow
 * the filter. At 100k jobs a page, its counts and a calendar are a pass over small records in memory
 * (docs/benchmarks.md), never a scan of the store. On a store other instances write to as well (a shared
 * MongoDB), pages and counts are asked of the store's indexes instead ({@link OpsReads#board}).
 */
public final class JobBoard {
    private final Store store;
    private final ConcurrentSkipListMap<String, JobRow> rows = new ConcurrentSkipListMap<>();
    private volatile boolean loaded;

    public JobBoard(Store store) {
        this.store = store;
    }

    /** A page of rows and the counts by state (every state, zero included) of the rows the filter matches. */
    public record Page(List<JobRow> rows, Map<String, Integer> counts, int total, String next) {}

    /** Keeps the board current after a decision of this service (accepted or not). */
    public void decided(Decision d) {
        if (!d.accepted() || d.jobId() == null) {
            return;
        }
        if (d.deletesJob() || d.job() == null || !d.job().isRegistered()) {
            rows.remove(d.jobId());
            return;
        }
        put(JobRow.of(d.job()));
    }

    /** The page the query asks for: from the store's indexes when other instances write to it, else from memory. */
    public Page page(BoardQuery q) {
        OpsReads shared = shared();
        if (shared != null) {
            return sharedPage(shared, q);
        }
        load();
        Map<String, Integer> counts = new TreeMap<>();
        for (JobState s : JobState.values()) {
            counts.put(s.name(), 0);
        }
        List<JobRow> page = new ArrayList<>();
        String next = null;
        int total = 0;
        Map<String, JobRow> from = q.after() == null ? rows : rows.tailMap(q.after(), false);
        for (JobRow r : rows.values()) {
            if (q.matchesBesidesState(r)) {
                counts.merge(String.valueOf(r.state()), 1, Integer::sum);
                if (q.state() == null || q.state().equals(r.state())) {
                    total++;
                }
            }
        }
        for (JobRow r : from.values()) {
            if (q.matches(r)) {
                if (page.size() == q.top()) {
                    next = page.get(page.size() - 1).id();
                    break;
                }
                page.add(r);
            }
        }
        return new Page(page, counts, total, next);
    }

    private OpsReads shared() {
        try {
            OpsReads reads = store.opsReads();
            return reads.shared() ? reads : null;
        } catch (UnsupportedOperationException e) {
            return null; // a store without its own board: the rows in memory
        }
    }

    private static Page sharedPage(OpsReads reads, BoardQuery q) {
        JobQuery jq = new JobQuery(
                q.state(), q.subscription(), q.resourceGroup(), q.name(), q.visible(), q.after(), q.top() + 1);
        List<JobRow> page =
                new ArrayList<>(reads.board(jq).stream().map(JobRow::of).toList());
        String next = null;
        if (page.size() > q.top()) {
            page = new ArrayList<>(page.subList(0, q.top()));
            next = page.get(page.size() - 1).id();
        }
        Map<String, Integer> counts = new TreeMap<>();
        reads.boardCounts(jq).forEach((state, n) -> counts.put(state, n.intValue()));
        int total = q.state() == null
                ? counts.values().stream().mapToInt(Integer::intValue).sum()
                : counts.getOrDefault(q.state(), 0);
        return new Page(page, counts, total, next);
    }

    /**
     * Every row the caller may see (the calendar, the diagrams' counts): on a store other instances write
     * to as well, read from the store each time, since the rows in memory hear only this instance.
     */
    public Stream<JobRow> rows() {
        if (shared() != null) {
            List<JobRow> all = new ArrayList<>();
            store.opsReads().forEachJob(j -> all.add(JobRow.of(j)));
            return all.stream();
        }
        load();
        return rows.values().stream();
    }

    private void put(JobRow row) {
        rows.merge(row.id(), row, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                store.opsReads().forEachJob(j -> put(JobRow.of(j)));
                loaded = true;
            }
        }
    }
}

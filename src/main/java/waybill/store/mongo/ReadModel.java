package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.store.ActionRecord;
import waybill.timers.Due;

/**
 * How the store answers what derives from the decision log: a job's snapshot, the due timers and the
 * open actions, and what it must do after a commit, before a scan of {@code jobs} and at start. Two
 * strategies: {@link SingleWriterReadModel}, when this process is the database's only writer (the
 * embedded server: answered from memory, snapshots written behind), and {@link SharedReadModel}, when
 * instances share a MongoDB (indexed queries, snapshots written before the answer). See docs/store.md.
 */
interface ReadModel extends AutoCloseable {
    /** Makes a read model over the store's collections. */
    interface Kind {
        ReadModel open(MongoCollection<Document> jobs, MongoCollection<Document> actions);
    }

    Kind SINGLE_WRITER = SingleWriterReadModel::new;
    Kind SHARED = SharedReadModel::new;

    /** The job's current snapshot, as a reader or a writer deciding on it must see it. */
    Document find(String jobId, Projector projector);

    /**
     * The due deadlines of at most {@code max} jobs at or before {@code until}, earliest first, each re-read
     * through the projector before answering (the first is {@code nextDue}).
     */
    List<Due> dueJobs(Instant until, int max, Projector projector);

    /** The open actions, oldest first. */
    List<ActionRecord> openActions();

    /** The job's snapshot if this read model holds it in memory, else null (the projector reads {@code jobs}). */
    Document remembered(String jobId);

    /** The projector read or wrote this snapshot. */
    void remember(String jobId, Document snapshot);

    /**
     * After a commit: the snapshot of decision {@code v + 1}, whose writer has just logged it on a snapshot
     * at {@code v}. False when another writer projected it first (the projector then catches up).
     */
    boolean afterCommit(String jobId, long v, Document snapshot);

    /** The job at {@code version} has its next timer at {@code nextTimer} (null: none): projected or read at start. */
    void timer(String jobId, long version, Instant nextTimer);

    /** An action was inserted ({@code open}) or its text rewritten by an erasure ({@code open} false: only if still open). */
    void action(ActionRecord action, boolean inserted);

    /** An action was completed. */
    void completed(String actionId);

    /** Before a scan of {@code jobs} (a list, the dry run's open jobs): the snapshots it would read are written. */
    void beforeScan(Predicate<Document> which);

    /** Before a conditional write of the job's snapshot: the collection holds the newest one. */
    void beforeWrite(String jobId);

    /** At start, after the log is rolled forward: rebuilds what this read model keeps in memory from every action. */
    void rebuild(Iterable<Document> actions);

    /** Start-up has read every job: what {@link #rebuild} keeps in memory is complete. */
    default void warmed() {}

    /** Throws when a write behind has failed. */
    void checkWritable();

    @Override
    void close();

    /** The job's next deadline, when it is due by {@code until}. */
    static Optional<Due> dueBy(String jobId, Document snapshot, Instant until) {
        Job job = Codec.job(snapshot);
        Deadline next = job == null ? null : job.nextDeadline().orElse(null);
        return next != null && !next.getAt().isAfter(until)
                ? Optional.of(new Due(jobId, next.getName(), next.getAt()))
                : Optional.empty();
    }

    /** The snapshot's next timer, or null. */
    static Instant nextTimer(Document snapshot) {
        Job job = Codec.job(snapshot);
        return job == null ? null : job.nextDeadline().map(Deadline::getAt).orElse(null);
    }
}

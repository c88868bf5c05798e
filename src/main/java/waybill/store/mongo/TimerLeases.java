package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import waybill.store.DueClaims;

/**
 * The {@code timer_leases} collection: one document per job whose due timer an instance is firing,
 * {@code {_id: jobId, node, until}}. A claim inserts it (the _id makes one holder per job); a lease past
 * its {@code until} is taken over with a replace conditional on the old {@code until} (the unique
 * {@code (_id, until)} index answers that exact filter), so two instances taking over the same lease
 * cannot both win; a release deletes it the same way. The collection holds only the leases in flight, a
 * few per instance, so reading it whole before a claim (once a sweep finds a due job) costs little and
 * saves a failed insert per job that another instance holds.
 */
final class TimerLeases implements DueClaims {
    static final String COLLECTION = "timer_leases";

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> leases;
    private final Projector projector;

    TimerLeases(MongoCollection<Document> jobs, MongoCollection<Document> leases, Projector projector) {
        this.jobs = jobs;
        this.leases = leases;
        this.projector = projector;
        leases.createIndex(
                new Document("_id", 1).append("until", 1),
                new IndexOptions().unique(true).name("id_until"));
    }

    @Override
    public List<Claim> claim(Instant now, int max, String node, Duration lease) {
        Set<String> held = null;
        List<Document> expired = new ArrayList<>();
        Instant until = now.plus(lease);
        List<Claim> claimed = new ArrayList<>();
        // the due jobs, earliest first, on the (nextTimer, _id) index; those leased by others are skipped
        for (Document d : Docs.batched(jobs.find(new Document("nextTimer", new Document("$lte", Docs.date(now))))
                .projection(new Document("_id", 1))
                .sort(new Document("nextTimer", 1).append("_id", 1)))) {
            if (claimed.size() >= max) {
                break;
            }
            if (held == null) { // the leases are read once something is due: an idle sweep reads only the jobs
                held = new HashSet<>();
                for (Document l : Docs.batched(leases.find())) {
                    if (l.getDate("until").toInstant().isAfter(now)) {
                        held.add(l.getString("_id"));
                    } else {
                        expired.add(l);
                    }
                }
            }
            String jobId = d.getString("_id");
            if (held.contains(jobId) || !take(jobId, node, until, expired)) {
                continue;
            }
            // the job's due timer, re-read through the log (its snapshot may trail), if it is still due; if not,
            // its last holder fired it meanwhile
            ReadModel.dueBy(jobId, Codec.job(projector.catchUp(jobId, Long.MAX_VALUE)), now)
                    .ifPresentOrElse(due -> claimed.add(new Claim(due, node, until)), () -> release(jobId, until));
        }
        return claimed;
    }

    /** The lease of {@code jobId} for this instance: a new one, or one that expired taken over. */
    private boolean take(String jobId, String node, Instant until, List<Document> expired) {
        Document lease = new Document("_id", jobId).append("node", node).append("until", Docs.date(until));
        if (Docs.insertIfAbsent(leases, lease)) {
            return true;
        }
        for (Document old : expired) {
            if (jobId.equals(old.getString("_id"))) {
                return leases.replaceOne(new Document("_id", jobId).append("until", old.getDate("until")), lease)
                                .getMatchedCount()
                        == 1;
            }
        }
        return false; // leased by another instance since the read
    }

    @Override
    public void release(Claim claim) {
        release(claim.due().jobId(), claim.until());
    }

    private void release(String jobId, Instant until) {
        leases.deleteOne(new Document("_id", jobId).append("until", Docs.date(until)));
    }
}

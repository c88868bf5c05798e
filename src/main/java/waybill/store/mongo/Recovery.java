package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: completes decisions a crash left logged but not projected, then lets the read model rebuild
 * what it keeps in memory. Every job has a snapshot document from before its first decision (a placeholder), so
 * checking "is decision v+1 logged?" for each snapshot finds all unfinished work, with $in reads on _id.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /** @param scan every document of a collection (by name): the embedded file read directly, or the driver's find */
    static void run(
            Function<String, Iterable<Document>> scan,
            MongoCollection<Document> decisions,
            Projector projector,
            ReadModel model) {
        long t0 = System.nanoTime();
        // one pass over the snapshots: the decision each one waits for, and its timer for the due index
        // (a job rolled forward below then puts its newer timer over it: the index keeps the higher version)
        List<String> next = new ArrayList<>();
        for (Document d : scan.apply("jobs")) {
            String jobId = d.getString("_id");
            long v = Codec.version(d);
            next.add(Codec.decisionId(jobId, v + 1));
            if (d.getDate("nextTimer") != null) {
                model.timer(jobId, v, d.getDate("nextTimer").toInstant());
            }
        }
        long t1 = System.nanoTime();
        int rolled = 0;
        for (Document logged : Docs.byIds(decisions, next)) {
            projector.catchUp(logged.getString("jobId"), Long.MAX_VALUE);
            rolled++;
        }
        long t2 = System.nanoTime();
        model.rebuild(scan.apply("actions"));
        LOG.info(
                "store opened: {} jobs read in {} ms, {} rolled forward from the decision log in {} ms, "
                        + "open actions read in {} ms",
                next.size(),
                (t1 - t0) / 1_000_000,
                rolled,
                (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
    }
}

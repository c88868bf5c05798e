package waybill.store;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import waybill.process.ActionRecord;

/**
 * Start-up: completes decisions a crash left logged but not projected, then rebuilds the in-memory
 * indexes. Every job has a snapshot document from before its first decision (a placeholder), so
 * checking "is decision v+1 logged?" for each snapshot finds all unfinished work, with $in reads on _id.
 */
final class Recovery {
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> actions;
    private final Projector projector;
    private final DueIndex due;
    private final OpenActions open;

    Recovery(MongoCollection<Document> jobs, MongoCollection<Document> decisions, MongoCollection<Document> actions,
             Projector projector, DueIndex due, OpenActions open) {
        this.jobs = jobs;
        this.decisions = decisions;
        this.actions = actions;
        this.projector = projector;
        this.due = due;
        this.open = open;
    }

    void run() {
        List<String> next = new ArrayList<>();
        for (Document d : Docs.batched(jobs.find().projection(new Document("v", 1)))) {
            next.add(Codec.decisionId(d.getString("_id"), Codec.version(d) + 1));
        }
        for (Document logged : Docs.byIds(decisions, next)) {
            projector.catchUp(logged.getString("jobId"), Long.MAX_VALUE);
        }
        if (due != null) {
            for (Document d : Docs.batched(jobs.find().projection(new Document("v", 1).append("nextTimer", 1)))) {
                if (d.getDate("nextTimer") != null) {
                    due.put(d.getString("_id"), Codec.version(d), d.getDate("nextTimer").toInstant());
                }
            }
        }
        if (open != null) {
            for (Document a : Docs.batched(actions.find(new Document("status", ActionRecord.OPEN)))) {
                open.put(Docs.record(a));
            }
        }
    }
}

package waybill.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.bson.Document;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.store.ActionRecord;

/** Small document helpers shared by the store and the projector. */
final class Docs {
    static final int IN_BATCH = 500;
    /**
     * Documents per reply of a scan. A real MongoDB caps a reply at 16 MB by itself; the embedded server
     * answers a find without a batch size in one reply, which the driver refuses past 48 MB (a long
     * history, a million jobs' timers at start). 200 decisions of a few KB stay far below either.
     */
    static final int SCAN_BATCH = 200;

    private Docs() {}

    /** Inserts; answers false when the _id or a unique key is taken (someone else did the same work). */
    static boolean insertIfAbsent(MongoCollection<Document> c, Document d) {
        try {
            c.insertOne(d);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    static <T> FindIterable<T> batched(FindIterable<T> find) {
        return find.batchSize(SCAN_BATCH);
    }

    /** Documents by exact _id in batches of $in: the one multi-document read the embedded store indexes. */
    static List<Document> byIds(MongoCollection<Document> c, List<String> ids) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IN_BATCH) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + IN_BATCH));
            batched(c.find(new Document("_id", new Document("$in", part)))).into(out);
        }
        return out;
    }

    /** Action ids derive from the decision, so re-deriving actions after a crash inserts nothing twice. */
    static String actionId(String decisionId, int index) {
        return UUID.nameUUIDFromBytes((decisionId + "/" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static List<String> actionIds(String decisionId, Decision d) {
        return IntStream.range(0, d.actions().size())
                .mapToObj(i -> actionId(decisionId, i))
                .toList();
    }

    static Document action(String id, String decisionId, Decision d, Action a, String reason) {
        return new Document("_id", id)
                .append("status", ActionRecord.OPEN)
                .append("type", a.getType() == null ? null : a.getType().name())
                .append("jobId", d.jobId())
                .append("driveIds", a.getDriveIds() == null ? List.of() : a.getDriveIds())
                .append("reason", reason)
                .append("dueAt", date(a.getDueAt()))
                .append("rule", a.getRule())
                .append("factId", d.factId())
                .append("decisionId", decisionId)
                .append("createdAt", date(d.at()));
    }

    static ActionRecord record(Document d) {
        return new ActionRecord(
                d.getString("_id"),
                d.getString("type"),
                d.getString("jobId"),
                d.getList("driveIds", String.class),
                d.getString("reason"),
                instant(d.getDate("dueAt")),
                d.getString("status"),
                d.getString("rule"),
                d.getString("factId"),
                instant(d.getDate("createdAt")),
                instant(d.getDate("completedAt")),
                d.getString("completedBy"));
    }

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}

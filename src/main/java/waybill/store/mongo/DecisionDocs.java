package waybill.store.mongo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.store.HistoryEntry;
import waybill.store.Scrubber;

/**
 * The {@code decisions} documents. The decision is kept whole as JSON (so {@code decided(jobId, factId)}
 * answers it again) without {@code before}: the previous decision's {@code job} is that, and the
 * history needs only its state. A deletion is stored already scrubbed; a refusal always is.
 */
final class DecisionDocs {
    private DecisionDocs() {}

    /**
     * @param jobJson the job after the decision as {@link Codec#write} writes it, when the decision keeps
     *                the job (null otherwise, and always for a deletion): written once, shared with the snapshot
     */
    static Document accepted(Decision d, long seq, String jobJson) {
        String id = Codec.decisionId(d.jobId(), seq);
        String json;
        if (jobJson == null) {
            ObjectNode tree = Codec.JSON.valueToTree(d);
            tree.remove("before");
            if (d.deletesJob()) {
                Scrubber.scrub(tree, personal(d));
            }
            json = Codec.write(tree);
        } else {
            json = withJob(d, jobJson);
        }
        return new Document("_id", id)
                .append("jobId", d.jobId())
                .append("seq", seq)
                .append("factId", factKey(d, id))
                .append("accepted", true)
                .append("at", Docs.date(d.at()))
                .append("stateBefore", HistoryEntry.state(d.before()))
                .append("stateAfter", d.deletesJob() ? null : HistoryEntry.state(d.job()))
                .append("deleted", d.deletesJob())
                .append("actionIds", Docs.actionIds(id, d))
                .append("scrubbed", d.deletesJob())
                .append("decision", json);
    }

    /**
     * The decision's JSON without {@code before}, its {@code job} spliced in from text already written:
     * the same text as writing the decision whole ({@code job} is the last component, and {@code fact}
     * is never null, so a field precedes it), with the job serialised once for the log and the snapshot.
     */
    static String withJob(Decision d, String jobJson) {
        String rest = Codec.write(new Decision(
                d.fact(),
                d.at(),
                d.accepted(),
                d.rejections(),
                d.transitions(),
                d.actions(),
                d.deadlines(),
                d.deletion(),
                d.firedRules(),
                d.rulesRevision(),
                d.decidedBy(),
                null,
                null));
        return rest.substring(0, rest.length() - 1) + ",\"job\":" + jobJson + "}";
    }

    /** A refusal, logged after the decision {@code v} it followed: its _id is that one's, told apart by its factId. */
    static Document refused(Decision d, long v) {
        String id = Codec.decisionId(String.valueOf(d.jobId()), v) + "~"
                + UUID.nameUUIDFromBytes(d.factId().getBytes(StandardCharsets.UTF_8));
        ObjectNode tree = Codec.JSON.valueToTree(d);
        tree.remove("before");
        tree.remove("job");
        Scrubber.scrub(tree, personal(d));
        String state = HistoryEntry.state(d.before());
        return new Document("_id", id)
                .append("jobId", d.jobId())
                .append("seq", v)
                .append("factId", d.factId())
                .append("accepted", false)
                .append("at", Docs.date(d.at()))
                .append("stateBefore", state)
                .append("stateAfter", state)
                .append("deleted", false)
                .append("actionIds", List.of())
                .append("scrubbed", true)
                .append("decision", Codec.write(tree));
    }

    /**
     * The unique key: the client's factId, or one made up so the unique index (which counts a missing
     * field as null) holds only distinct keys without needing a sparse or partial index.
     */
    private static String factKey(Decision d, String id) {
        return d.factId() != null ? d.factId() : "~" + id;
    }

    private static Set<String> personal(Decision d) {
        Set<String> values = new HashSet<>();
        Scrubber.collect(Codec.JSON.valueToTree(d), values);
        return values;
    }

    /** A history entry: the fact with personal data removed, whatever the job's fate. */
    static HistoryEntry history(Document doc) {
        Decision d = Codec.read(doc.getString("decision"), Decision.class);
        return HistoryEntry.of(
                d,
                doc.getString("jobId"),
                ((Number) doc.get("seq")).longValue(),
                doc.getString("stateBefore"),
                doc.getString("stateAfter"),
                doc.getBoolean("deleted", false));
    }
}

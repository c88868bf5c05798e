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
        String json = jobJson != null ? withJob(d, jobJson) : json(d, d.deletesJob(), "before");
        return doc(id, d, seq, true, d.deletesJob() ? null : HistoryEntry.state(d.job()), Docs.actionIds(id, d), json);
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
        return doc(id, d, v, false, HistoryEntry.state(d.before()), List.of(), json(d, true, "before", "job"));
    }

    /** The decision's JSON without these fields, its personal values (wherever in the decision) scrubbed if asked. */
    private static String json(Decision d, boolean scrub, String... without) {
        ObjectNode tree = Codec.JSON.valueToTree(d);
        Set<String> personal = new HashSet<>();
        if (scrub) {
            Scrubber.collect(tree, personal); // from the whole decision, before any field is taken out
        }
        tree.remove(List.of(without));
        if (scrub) {
            Scrubber.scrub(tree, personal);
        }
        return Codec.write(tree);
    }

    /** The document of an accepted decision or a refusal (whose text is always scrubbed, and which deletes nothing). */
    private static Document doc(
            String id, Decision d, long seq, boolean accepted, String stateAfter, List<String> actionIds, String json) {
        return new Document("_id", id)
                .append("jobId", d.jobId())
                .append("seq", seq)
                // the unique key: the client's factId, or one made up so the unique index (which counts a
                // missing field as null) holds only distinct keys without needing a sparse or partial index
                .append("factId", d.factId() != null ? d.factId() : "~" + id)
                .append("accepted", accepted)
                .append("at", Docs.date(d.at()))
                .append("stateBefore", HistoryEntry.state(d.before()))
                .append("stateAfter", stateAfter)
                .append("deleted", accepted && d.deletesJob())
                .append("actionIds", actionIds)
                .append("scrubbed", !accepted || d.deletesJob())
                .append("decision", json);
    }

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

package waybill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import waybill.access.Redact;
import waybill.engine.Decision;

/**
 * A job's history as the job page shows it: each accepted decision (up to {@code asOf}) with its fact,
 * who submitted it, the state before and after, transitions, actions, the rules fired and the revision;
 * BitLocker keys removed. Refused facts change nothing and stay on {@code GET /ops/history}.
 */
final class OpsHistory {
    private OpsHistory() {}

    static ArrayNode of(ObjectMapper mapper, List<Decision> decisions, Instant asOf) {
        ArrayNode out = mapper.createArrayNode();
        String before = null;
        int sequence = 0;
        for (Decision d : decisions) {
            sequence++;
            String after = d.job() == null || d.job().getState() == null
                    ? null
                    : d.job().getState().name();
            if (asOf == null || d.at() == null || !d.at().isAfter(asOf)) {
                ObjectNode n = mapper.createObjectNode();
                n.put("sequence", sequence);
                n.put("at", d.at() == null ? null : d.at().toString());
                n.put("factId", d.factId());
                n.put("factType", d.fact().getType());
                n.put("submittedBy", d.fact().getSubmittedBy());
                n.put("accepted", d.accepted());
                n.put("stateBefore", before);
                n.put("stateAfter", after);
                n.set("fact", mapper.valueToTree(d.fact()));
                n.set("transitions", mapper.valueToTree(d.transitions()));
                n.set("actions", mapper.valueToTree(d.actions()));
                n.set("firedRules", mapper.valueToTree(d.firedRules()));
                n.put("rulesRevision", d.rulesRevision());
                out.add(Redact.bitLockerKeys(n));
            }
            before = after;
        }
        return out;
    }
}

package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a customer's key does not see of a job page ({@code GET /ops/job}): the names of other keys
 * (operators who submitted facts or completed actions) and operators' notes (a fault's reason, which
 * the job and its drives carry as {@code faultReason} and the rules copy into the reasons of the
 * operators' actions). The customer's own key name stays. docs/security.md.
 */
final class CustomerRedact {
    private static final List<String> NAMES = List.of("submittedBy", "completedBy", "activatedBy");

    private CustomerRedact() {}

    static void jobPage(ObjectNode page, String own) {
        walk(page, own);
        actionReasons(page.get("actions"));
        for (JsonNode h : page.path("history")) {
            actionReasons(h.get("actions"));
            if ("Fault".equals(h.path("factType").asText()) && h.get("fact") instanceof ObjectNode fact) {
                fact.remove("reason");
            }
        }
    }

    private static void walk(JsonNode node, String own) {
        if (node instanceof ObjectNode o) {
            for (String name : NAMES) {
                JsonNode v = o.get(name);
                if (v != null && !v.isNull() && !v.asText().equals(own)) {
                    o.remove(name);
                }
            }
            o.remove("faultReason");
            o.forEach(child -> walk(child, own));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> walk(child, own));
        }
    }

    private static void actionReasons(JsonNode actions) {
        if (actions != null) {
            actions.forEach(a -> {
                if (a instanceof ObjectNode o) {
                    o.remove("reason");
                }
            });
        }
    }
}

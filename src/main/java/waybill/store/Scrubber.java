package waybill.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Removes a job's personal data from stored JSON: whole address / shipping objects by field name, the
 * identifying leaves (keys, tracking numbers, phone, email...) by field name, and - because rules copy
 * tracking numbers into action reasons and refusals - every occurrence of those values in any text.
 */
public final class Scrubber {
    public static final String ERASED = "[erased]";

    /** Objects that are personal as a whole (JobDetails / Job / UpdateJob properties). */
    private static final Set<String> OBJECTS =
            Set.of("returnAddress", "returnShipping", "shippingInformation", "deliveryPackage", "returnPackage");

    /** Leaves that identify a person or unlock their data, wherever they appear. */
    private static final Set<String> LEAVES = Set.of(
            "bitLockerKey",
            "trackingNumber",
            "phone",
            "email",
            "recipientName",
            "streetAddress1",
            "streetAddress2",
            "postalCode",
            "carrierAccountNumber");

    private Scrubber() {}

    /** The personal values in these trees, to be erased from free text too. */
    public static void collect(JsonNode node, Set<String> into) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (LEAVES.contains(e.getKey())
                        && e.getValue().isTextual()
                        && e.getValue().asText().length() >= 3) {
                    into.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, into));
        }
    }

    /** Scrubs the tree in place; answers whether anything changed. */
    public static boolean scrub(JsonNode node, Set<String> values) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            for (String name : o.properties().stream().map(Map.Entry::getKey).toList()) { // a copy: o changes
                if (OBJECTS.contains(name) || LEAVES.contains(name)) {
                    o.remove(name);
                    changed = true;
                } else {
                    changed |= scrub(o.get(name), text -> o.set(name, text), values);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int at = i;
                changed |= scrub(a.get(i), text -> a.set(at, text), values);
            }
        }
        return changed;
    }

    /** Scrubs a member of an object or array; a text is scrubbed by putting its new value in its place. */
    private static boolean scrub(JsonNode v, Consumer<JsonNode> replace, Set<String> values) {
        if (!v.isTextual()) {
            return scrub(v, values);
        }
        String t = text(v.asText(), values);
        if (t.equals(v.asText())) {
            return false;
        }
        replace.accept(TextNode.valueOf(t));
        return true;
    }

    public static String text(String s, Set<String> values) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (String v : values) {
            out = out.replace(v, ERASED); // the same string where v does not occur
        }
        return out;
    }
}

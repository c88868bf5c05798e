package waybill.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic walk over a valid body: every JSON path in turn (the body itself, each object's fields
 * and each array's elements, at every depth), and at each one every hostile value - null, a value of
 * another JSON type, an empty array, an empty object, a huge number, a long string - and, where the place
 * allows, its absence (a field left out) and far too many items (an array of up to {@link #MANY} copies of
 * its first element). Exhaustive rather than sampled, so each run sends the same mutations and every path is
 * reached.
 */
final class StructuralMutations {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Far beyond any int or long field; well within the service's 100-digit number limit. */
    static final BigInteger HUGE = BigInteger.TEN.pow(30);
    /** Long, but under the service's 64 KiB string limit, so it reaches the binding and the rules. */
    static final String LONG = "x".repeat(20_000);

    /** Far more items than any list of a job or a fact may hold (fewer when its items are large). */
    static final int MANY = 10_000;

    /** One mutation: where (as the service names a place: "body", "properties.driveList[0]"), what, and the body. */
    record Mutation(String path, String kind, JsonNode body) {
        String describe() {
            return kind + " at " + path;
        }
    }

    private StructuralMutations() {}

    static List<Mutation> of(JsonNode valid) {
        List<Mutation> out = new ArrayList<>();
        for (String pointer : pointers(valid, "")) {
            JsonNode original = pointer.isEmpty() ? valid : valid.at(pointer);
            for (Map.Entry<String, JsonNode> v : hostile(original).entrySet()) {
                out.add(new Mutation(name(pointer), v.getKey(), replaced(valid, pointer, v.getValue())));
            }
            if (!pointer.isEmpty() && valid.at(pointer.substring(0, pointer.lastIndexOf('/'))) instanceof ObjectNode) {
                out.add(new Mutation(name(pointer), "absent", removed(valid, pointer)));
            }
            if (original instanceof ArrayNode a) {
                ArrayNode many = F.arrayNode();
                JsonNode item = a.isEmpty() ? F.textNode("x") : a.get(0);
                // under the 1 MiB body limit, which the server enforces by closing the connection mid-request
                int count = Math.min(MANY, 800_000 / (item.toString().length() + 1));
                for (int i = 0; i < count; i++) {
                    many.add(item.deepCopy());
                }
                out.add(new Mutation(name(pointer), count + " items", replaced(valid, pointer, many)));
            }
        }
        return out;
    }

    /** Every place in the tree as a JSON pointer, the root ("") first, depth first. */
    static List<String> pointers(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        out.add(at);
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.addAll(pointers(o.get(f), at + "/" + f.replace("~", "~0").replace("/", "~1")));
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.addAll(pointers(a.get(i), at + "/" + i));
            }
        }
        return out;
    }

    /** The hostile values for a place, each differing from what is there. */
    static Map<String, JsonNode> hostile(JsonNode original) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("null", F.nullNode());
        out.put(
                "wrong type",
                original.isTextual()
                        ? F.numberNode(5)
                        : original.isNumber()
                                ? F.textNode("5")
                                : original.isBoolean() ? F.numberNode(1) : F.textNode("text"));
        if (!(original.isArray() && original.isEmpty())) {
            out.put("empty array", F.arrayNode());
        }
        if (!(original.isObject() && original.isEmpty())) {
            out.put("empty object", F.objectNode());
        }
        out.put("huge number", F.numberNode(HUGE));
        out.put("long string", F.textNode(LONG));
        return out;
    }

    /** A copy of the tree with the value at the pointer replaced. */
    static JsonNode replaced(JsonNode root, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        JsonNode copy = root.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? copy : copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return copy;
    }

    /** A copy of the tree without the field at the pointer (whose parent is an object). */
    static JsonNode removed(JsonNode root, String pointer) {
        JsonNode copy = root.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? copy : copy.at(pointer.substring(0, cut));
        ((ObjectNode) parent)
                .remove(pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~"));
        return copy;
    }

    /** A JSON pointer as the service names the place: fields joined by dots, elements as [i], the root "body". */
    static String name(String pointer) {
        if (pointer.isEmpty()) {
            return "body";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String p = part.replace("~1", "/").replace("~0", "~");
            if (p.matches("\\d+")) {
                sb.append('[').append(p).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }
}

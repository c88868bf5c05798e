package waybill.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/** How a scenario's expected JSON is found in and compared with the actual job. */
final class JsonMatch {
    private JsonMatch() {}

    /** The node at a dotted path (array elements by index), or null. */
    static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && part.matches("\\d+") ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node;
    }

    /** Whether every value the expectation names is in the actual tree (other fields may differ). */
    static boolean same(JsonNode expected, JsonNode actual) {
        if (expected == null || expected.isNull()) {
            return actual == null || actual.isNull();
        }
        if (actual == null) {
            return false;
        }
        if (expected.isValueNode() && actual.isValueNode()) {
            return expected.asText().equals(actual.asText());
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isObject() && actual.isObject()) {
            var names = expected.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!same(expected.get(n), actual.get(n))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}

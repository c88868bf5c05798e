package waybill.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Two JSON values compared field by field; each difference names its path ({@code properties.driveList[0].state}). */
final class JsonDifferences {
    private JsonDifferences() {}

    static List<String> between(JsonNode recorded, JsonNode answered) {
        List<String> out = new ArrayList<>();
        compare("", recorded, answered, out);
        return out;
    }

    private static void compare(String at, JsonNode recorded, JsonNode answered, List<String> out) {
        String where = at.isEmpty() ? "(the body)" : at;
        if (recorded == null || recorded.isNull() || recorded.isMissingNode()) {
            if (answered != null && !answered.isNull() && !answered.isMissingNode()) {
                out.add(where + ": recorded absent, answered " + brief(answered));
            }
            return;
        }
        if (answered == null || answered.isNull() || answered.isMissingNode()) {
            out.add(where + ": recorded " + brief(recorded) + ", answered absent");
            return;
        }
        if (recorded.isObject() && answered.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            recorded.fieldNames().forEachRemaining(names::add);
            answered.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(at.isEmpty() ? name : at + "." + name, recorded.get(name), answered.get(name), out);
            }
            return;
        }
        if (recorded.isArray() && answered.isArray()) {
            if (recorded.size() != answered.size()) {
                out.add(where + ": recorded " + recorded.size() + " items, answered " + answered.size());
            }
            Iterator<JsonNode> r = recorded.elements();
            Iterator<JsonNode> a = answered.elements();
            for (int i = 0; r.hasNext() && a.hasNext(); i++) {
                compare(at + "[" + i + "]", r.next(), a.next(), out);
            }
            return;
        }
        if (!recorded.equals(answered)) {
            out.add(where + ": recorded " + brief(recorded) + ", answered " + brief(answered));
        }
    }

    private static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}

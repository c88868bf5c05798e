package waybill.rulesops.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A rule file that differs between two rulebooks: added, changed or removed. */
public record FileChange(String file, String change) {
    public static final String ADDED = "added";
    public static final String CHANGED = "changed";
    public static final String REMOVED = "removed";

    /** The files that differ, by name, from the file hashes of the rulebook before to those after. */
    public static List<FileChange> between(Map<String, String> before, Map<String, String> after) {
        List<FileChange> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String f : names) {
            String a = before.get(f);
            String b = after.get(f);
            if (a == null) {
                out.add(new FileChange(f, ADDED));
            } else if (b == null) {
                out.add(new FileChange(f, REMOVED));
            } else if (!a.equals(b)) {
                out.add(new FileChange(f, CHANGED));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return file + " (" + change + ")";
    }
}

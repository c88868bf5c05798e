package waybill.store.mongo;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import waybill.store.ActionRecord;

/**
 * The open actions in memory (the operators' queue), rebuilt at start: the embedded store cannot index
 * {@code status}, and the queue is read far more often than it changes. Done actions are not kept here.
 */
final class OpenActions {
    private static final Comparator<ActionRecord> OLDEST_FIRST = Comparator.comparing(
                    ActionRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ActionRecord::id);

    private final ConcurrentHashMap<String, ActionRecord> open = new ConcurrentHashMap<>();

    void put(ActionRecord a) {
        if (ActionRecord.OPEN.equals(a.status())) {
            open.put(a.id(), a);
        } else {
            open.remove(a.id());
        }
    }

    /** Replaces an entry only if it is still open (erasure rewrites an action's text). */
    void replaceIfOpen(ActionRecord a) {
        open.computeIfPresent(a.id(), (id, old) -> a);
    }

    void remove(String id) {
        open.remove(id);
    }

    List<ActionRecord> list() {
        return open.values().stream().sorted(OLDEST_FIRST).toList();
    }
}

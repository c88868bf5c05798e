package waybill.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The backup archive's format (docs/operations.md, "Backup and restore"): a gzip stream of UTF-8 JSON
 * lines. The first line is the header (format, version, when, from what store, the collections in the
 * order they follow); then one line per document, {@code {"collection": NAME, "doc": DOCUMENT}} with the
 * document in MongoDB Extended JSON v2, canonical mode (types kept: a long stays a long, a date a date);
 * the last line is the trailer, {@code {"end": true, "counts": {...}, "sha256": HEX}}, the SHA-256 of every
 * byte before it. An archive without its trailer is incomplete.
 */
final class Archive {
    static final String FORMAT = "waybill-backup";
    static final int VERSION = 1;

    /**
     * What the service keeps, in the order written: what derives from the decision log before the log
     * itself, so that everything the derived collections refer to is in the archive, and restore rolls
     * whatever the log holds past them forward (the store's own crash healing). Timer leases are not kept:
     * they are claims of running instances, and a restored store starts with none.
     */
    static final List<String> COLLECTIONS =
            List.of("jobs", "actions", "rule_activations", "webhooks", "delivery_cursors", "deliveries", "decisions");

    /** The names a report uses for the collections. */
    static final Map<String, String> NAMES = Map.of(
            "jobs", "jobs",
            "actions", "actions",
            "rule_activations", "activations",
            "webhooks", "webhooks",
            "delivery_cursors", "delivery cursors",
            "deliveries", "deliveries",
            "decisions", "decisions");

    static final JsonWriterSettings JSON =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private Archive() {}

    /** A document as a line's {@code doc}: nested maps as documents, instants as dates (the embedded file's types). */
    static Document normalized(Map<String, Object> doc) {
        Document out = new Document();
        doc.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return normalized((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(value(e)));
            return out;
        }
        if (v instanceof Instant i) {
            return Date.from(i);
        }
        return v;
    }

    static String line(String collection, Document doc) {
        return "{\"collection\": \"" + collection + "\", \"doc\": " + doc.toJson(JSON) + "}\n";
    }
}

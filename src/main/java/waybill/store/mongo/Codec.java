package waybill.store.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.LongStream;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.store.StoredJson;

/**
 * Document shapes. Jobs and decisions are kept as JSON text in a {@code body} / {@code decision} field:
 * the model's maps (tags) may have keys MongoDB refuses as field names, and JSON text round-trips the
 * model exactly. The fields next to the text are only what queries and indexes need.
 */
final class Codec {
    /** The model's fields, never its accessors, lenient on input: see {@link StoredJson}. */
    static final ObjectMapper JSON = StoredJson.MAPPER;

    private Codec() {}

    /** A decision's _id: the job and the version it made. Unique, so it is the job's optimistic lock. */
    static String decisionId(String jobId, long seq) {
        return jobId + "#" + String.format("%012d", seq);
    }

    static List<String> decisionIds(String jobId, long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(v -> decisionId(jobId, v))
                .toList();
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            // the message may quote the document: never log it (personal data, BitLocker keys)
            throw new IllegalStateException("stored " + type.getSimpleName() + " does not parse at " + e.getLocation());
        }
    }

    static long version(Document snapshot) {
        return snapshot == null ? 0 : ((Number) snapshot.get("v")).longValue();
    }

    /** The job in a snapshot document; null for a placeholder, a tombstone, or no document. */
    static Job job(Document snapshot) {
        if (snapshot == null || snapshot.getString("body") == null) {
            return null;
        }
        Job job = read(snapshot.getString("body"), Job.class);
        job.setVersion(version(snapshot));
        return job;
    }

    /** The snapshot a decision leaves behind at version {@code v}, with the job's JSON when it is already written ({@code null}: write it here). */
    static Document snapshot(String jobId, long v, Decision d, String jobJson) {
        Document doc = new Document("_id", jobId).append("v", v);
        if (d.deletesJob()) {
            return doc.append("deleted", true).append("registered", false);
        }
        if (!d.keepsJob()) {
            return doc.append("deleted", false).append("registered", false);
        }
        Job job = d.job();
        return doc.append("deleted", false)
                .append("registered", job.isRegistered())
                .append("subscriptionId", job.getSubscriptionId())
                .append("resourceGroup", job.getResourceGroup())
                .append("state", job.getState() == null ? null : job.getState().name())
                .append("nextTimer", Docs.date(d.nextTimer()))
                .append("body", jobJson != null ? jobJson : write(job));
    }

    /** A placeholder written before a new job's first decision, so a restart finds the job to heal. */
    static Document placeholder(String jobId) {
        return new Document("_id", jobId)
                .append("v", 0L)
                .append("deleted", false)
                .append("registered", false);
    }
}

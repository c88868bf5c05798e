package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.store.DeliveryLog.Committed;

/**
 * How far each job's decisions are derived into outbox entries: {@code delivery_cursors} holds
 * {@code {_id: jobId, v}}, moved forward only, and the marker that deliveries are running. What lies past a
 * job's cursor in the log is what a crash (or a dead instance) left underived.
 */
final class DeliveryCursors {
    private static final String RUNNING = "~running";
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> cursors;
    private final Durability durability;

    DeliveryCursors(MongoDatabase db, Durability durability) {
        this.jobs = db.getCollection("jobs");
        this.decisions = db.getCollection("decisions");
        this.cursors = db.getCollection("delivery_cursors");
        this.durability = durability;
    }

    /** Forward only: a plain $max keeps the higher version when two instances derive the same job. */
    void advance(Map<String, Long> moved) {
        for (Map.Entry<String, Long> c : moved.entrySet()) {
            cursors.updateOne(
                    new Document("_id", c.getKey()),
                    new Document("$max", new Document("v", c.getValue())),
                    new UpdateOptions().upsert(true));
        }
    }

    List<Committed> underived() {
        Map<String, Long> derived = new HashMap<>();
        for (Document c : Docs.batched(cursors.find())) {
            if (c.get("v") instanceof Number n) {
                derived.put(c.getString("_id"), n.longValue());
            }
        }
        List<String> ids = new ArrayList<>();
        Map<String, Long> probe = new HashMap<>(); // the first version past what the snapshot says
        for (Document j : Docs.batched(jobs.find().projection(new Document("v", 1)))) {
            String jobId = j.getString("_id");
            long v = Codec.version(j);
            long from = derived.getOrDefault(jobId, 0L) + 1;
            for (long s = from; s <= v; s++) {
                ids.add(Codec.decisionId(jobId, s));
            }
            probe.put(jobId, Math.max(from, v + 1));
        }
        List<Committed> out = new ArrayList<>();
        for (Document d : Docs.byIds(decisions, ids)) {
            out.add(committed(d));
        }
        // a snapshot written behind (the embedded store) can trail the log: read on by _id until the log ends
        while (!probe.isEmpty()) {
            Map<String, String> next = new HashMap<>();
            probe.forEach((jobId, s) -> next.put(Codec.decisionId(jobId, s), jobId));
            Map<String, Long> more = new HashMap<>();
            for (Document d : Docs.byIds(decisions, new ArrayList<>(next.keySet()))) {
                Committed c = committed(d);
                out.add(c);
                more.put(c.jobId(), c.version() + 1);
            }
            probe = more;
        }
        out.sort(Comparator.comparing(Committed::jobId).thenComparingLong(Committed::version));
        return out;
    }

    private static Committed committed(Document d) {
        Decision decision = Codec.read(d.getString("decision"), Decision.class);
        return new Committed(d.getString("jobId"), ((Number) d.get("seq")).longValue(), decision);
    }

    void baseline() {
        durability.checkWritable();
        for (Document j : Docs.batched(jobs.find().projection(new Document("v", 1)))) {
            cursors.replaceOne(
                    new Document("_id", j.getString("_id")),
                    new Document("_id", j.getString("_id")).append("v", Codec.version(j)),
                    new ReplaceOptions().upsert(true));
        }
        durability.awaitDurable();
    }

    boolean running() {
        return cursors.find(new Document("_id", RUNNING)).first() != null;
    }

    void running(boolean on) {
        durability.checkWritable();
        if (on) {
            Docs.insertIfAbsent(cursors, new Document("_id", RUNNING));
        } else {
            cursors.deleteOne(new Document("_id", RUNNING));
        }
        durability.awaitDurable();
    }
}

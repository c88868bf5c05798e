package waybill.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import waybill.engine.Decision;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;
import waybill.store.Webhook;

/**
 * The outbox on MongoDB or the embedded server. Entries live in {@code deliveries}; how far each job's
 * decisions are derived into entries in {@code delivery_cursors} ({@code {_id: jobId, v}}, moved forward
 * only, and the marker that deliveries are running: what lies past a job's cursor in the log is what a
 * crash, or a dead instance, left underived); the API's webhooks in {@code webhooks}. Claims are
 * compare-and-set updates on exact filters (each with a unique compound index, the only kind the embedded
 * server uses). Every write goes through the store's durability (the group commit on the embedded store);
 * none is on the path of a fact.
 */
final class MongoDeliveryLog implements DeliveryLog {
    private static final String RUNNING = "~running";
    /** The fields an attempt's outcome changes ({@link Delivery#attempted}), and those a redelivery does. */
    private static final Set<String> OUTCOME =
            Set.of("status", "attempts", "lastError", "nextAttemptAt", "sentAt", "leaseUntil");

    private static final Set<String> REDELIVERY =
            Set.of("status", "attempts", "createdAt", "nextAttemptAt", "sentAt", "owner", "leaseUntil");
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> cursors;
    private final MongoCollection<Document> webhooks;
    private final Durability durability;
    private final boolean shared;

    /** @param shared whether other instances write the same database (then lane order is checked in it) */
    MongoDeliveryLog(MongoDatabase db, Durability durability, boolean shared) {
        this.jobs = db.getCollection("jobs");
        this.decisions = db.getCollection("decisions");
        this.entries = db.getCollection("deliveries");
        this.cursors = db.getCollection("delivery_cursors");
        this.webhooks = db.getCollection("webhooks");
        this.durability = durability;
        this.shared = shared;
        // exact filters of the claim, the outcome and the redelivery
        entries.createIndex(new Document("_id", 1).append("owner", 1).append("leaseUntil", 1), unique("claim"));
        entries.createIndex(new Document("_id", 1).append("owner", 1), unique("owner"));
        entries.createIndex(new Document("_id", 1).append("status", 1), unique("status"));
        // for a real MongoDB: the pending queue and a job's lane
        entries.createIndex(new Document("status", 1).append("createdAt", 1), new IndexOptions().name("queue"));
        entries.createIndex(new Document("jobId", 1).append("status", 1), new IndexOptions().name("lane"));
    }

    private static IndexOptions unique(String name) {
        return new IndexOptions().unique(true).name(name);
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public Set<String> record(Collection<Delivery> add, Map<String, Long> moved) {
        durability.checkWritable();
        List<Document> docs = add.stream().map(MongoDeliveryLog::doc).toList();
        Set<String> added = add.stream().map(Delivery::id).collect(Collectors.toCollection(HashSet::new));
        if (!docs.isEmpty()) {
            try {
                // one round trip for the batch; an entry already there (derived before a crash) is left as it is
                entries.insertMany(docs, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                for (BulkWriteError err : e.getWriteErrors()) {
                    if (err.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    added.remove(docs.get(err.getIndex()).getString("_id"));
                }
            }
        }
        // after the entries: a commit that keeps the cursor keeps them too; forward only, a plain $max keeps
        // the higher version when two instances derive the same job
        moved.forEach((jobId, v) -> cursors.updateOne(
                new Document("_id", jobId),
                new Document("$max", new Document("v", v)),
                new UpdateOptions().upsert(true)));
        return added; // not awaited: a crash before the next commit derives these again (the same ids)
    }

    @Override
    public List<Committed> underived() {
        Map<String, Long> derived = new HashMap<>();
        for (Document c : Docs.batched(cursors.find())) {
            if (c.get("v") instanceof Number n) {
                derived.put(c.getString("_id"), n.longValue());
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> next = new ArrayList<>(); // each job's first version past what the snapshot says
        for (Document j : Docs.batched(jobs.find().projection(new Document("v", 1)))) {
            String jobId = j.getString("_id");
            long v = Codec.version(j);
            long from = derived.getOrDefault(jobId, 0L) + 1;
            ids.addAll(Codec.decisionIds(jobId, from, v));
            next.add(Codec.decisionId(jobId, Math.max(from, v + 1)));
        }
        List<Committed> out = new ArrayList<>(logged(ids));
        // a snapshot written behind (the embedded store) can trail the log: read on by _id until the log ends
        while (!next.isEmpty()) {
            List<Committed> more = logged(next);
            out.addAll(more);
            next = more.stream()
                    .map(c -> Codec.decisionId(c.jobId(), c.version() + 1))
                    .toList();
        }
        out.sort(Comparator.comparing(Committed::jobId).thenComparingLong(Committed::version));
        return out;
    }

    /** The logged decisions of these ids, in batches of $in. */
    private List<Committed> logged(List<String> ids) {
        return Docs.byIds(decisions, ids).stream()
                .map(MongoDeliveryLog::committed)
                .toList();
    }

    private static Committed committed(Document d) {
        Decision decision = Codec.read(d.getString("decision"), Decision.class);
        return new Committed(d.getString("jobId"), ((Number) d.get("seq")).longValue(), decision);
    }

    @Override
    public void baseline() {
        durability.checkWritable();
        for (Document j : Docs.batched(jobs.find().projection(new Document("v", 1)))) {
            cursors.replaceOne(
                    new Document("_id", j.getString("_id")),
                    new Document("_id", j.getString("_id")).append("v", Codec.version(j)),
                    new ReplaceOptions().upsert(true));
        }
        durability.awaitDurable();
    }

    @Override
    public boolean running() {
        return cursors.find(new Document("_id", RUNNING)).first() != null;
    }

    @Override
    public void running(boolean on) {
        durability.checkWritable();
        if (on) {
            Docs.insertIfAbsent(cursors, new Document("_id", RUNNING));
        } else {
            cursors.deleteOne(new Document("_id", RUNNING));
        }
        durability.awaitDurable();
    }

    @Override
    public List<Delivery> claimable(Instant now, boolean anyClaim, int limit) {
        return Docs.batched(entries.find(new Document("status", Delivery.PENDING)))
                .map(MongoDeliveryLog::delivery)
                .into(new ArrayList<>())
                .stream()
                .filter(e ->
                        anyClaim || e.leaseUntil() == null || !e.leaseUntil().isAfter(now))
                .sorted(Comparator.comparing(Delivery::createdAt))
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<Delivery> claim(Delivery read, String owner, Instant leaseUntil) {
        durability.checkWritable();
        Document after = entries.findOneAndUpdate(
                new Document("_id", read.id())
                        .append("owner", read.owner())
                        .append("leaseUntil", Docs.date(read.leaseUntil())),
                new Document("$set", new Document("owner", owner).append("leaseUntil", Docs.date(leaseUntil))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null || !Delivery.PENDING.equals(after.getString("status"))) {
            return Optional.empty();
        }
        return Optional.of(delivery(after)); // not awaited: a lost claim means a copy at most
    }

    @Override
    public boolean update(Delivery after, String owner) {
        durability.checkWritable();
        // not awaited: an outcome lost in a crash means the entry is sent again (same event id)
        return entries.updateOne(new Document("_id", after.id()).append("owner", owner), set(after, OUTCOME))
                        .getMatchedCount()
                == 1;
    }

    @Override
    public boolean earlierPending(Delivery d) {
        if (!shared) {
            return false; // the only instance: its worker keeps each lane in order in memory
        }
        Document lane = new Document("jobId", d.jobId()).append("status", Delivery.PENDING);
        for (Delivery e : Docs.batched(entries.find(lane)).map(MongoDeliveryLog::delivery)) {
            if (e.lane().equals(d.lane()) && e.compareOrder(d) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Delivery> list(String status, int limit) {
        Document filter = status == null ? new Document() : new Document("status", status);
        return Docs.batched(
                        entries.find(filter).sort(new Document("createdAt", 1)).limit(limit))
                .map(MongoDeliveryLog::delivery)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Delivery> get(String id) {
        return Optional.ofNullable(entries.find(new Document("_id", id)).first())
                .map(MongoDeliveryLog::delivery);
    }

    @Override
    public Optional<Delivery> redeliver(String id, Instant now) {
        Optional<Delivery> cur = get(id);
        if (cur.isEmpty() || !Delivery.FAILED.equals(cur.get().status())) {
            return cur;
        }
        durability.checkWritable();
        entries.updateOne(
                new Document("_id", id).append("status", Delivery.FAILED),
                set(cur.get().redelivered(now), REDELIVERY));
        durability.awaitDurable();
        return get(id);
    }

    @Override
    public List<Webhook> webhooks() {
        return Docs.batched(webhooks.find().sort(new Document("_id", 1)))
                .map(MongoDeliveryLog::webhook)
                .into(new ArrayList<>());
    }

    @Override
    public void addWebhook(Webhook w) {
        durability.checkWritable();
        webhooks.replaceOne(new Document("_id", w.id()), doc(w), new ReplaceOptions().upsert(true));
        durability.awaitDurable();
    }

    @Override
    public boolean removeWebhook(String id) {
        durability.checkWritable();
        boolean gone = webhooks.deleteOne(new Document("_id", id)).getDeletedCount() == 1;
        durability.awaitDurable();
        return gone;
    }

    private static Document doc(Delivery d) {
        return new Document("_id", d.id())
                .append("eventId", d.eventId())
                .append("type", d.type())
                .append("target", d.target())
                .append("jobId", d.jobId())
                .append("seq", d.seq())
                .append("index", d.index())
                .append("status", d.status())
                .append("attempts", d.attempts())
                .append("lastError", d.lastError())
                .append("createdAt", Docs.date(d.createdAt()))
                .append("nextAttemptAt", Docs.date(d.nextAttemptAt()))
                .append("sentAt", Docs.date(d.sentAt()))
                .append("owner", d.owner())
                .append("leaseUntil", Docs.date(d.leaseUntil()))
                .append("event", d.event());
    }

    private static Delivery delivery(Document d) {
        return new Delivery(
                d.getString("_id"),
                d.getString("eventId"),
                d.getString("type"),
                d.getString("target"),
                d.getString("jobId"),
                ((Number) d.get("seq")).longValue(),
                ((Number) d.get("index")).intValue(),
                d.getString("status"),
                ((Number) d.get("attempts")).intValue(),
                d.getString("lastError"),
                Docs.instant(d.getDate("createdAt")),
                Docs.instant(d.getDate("nextAttemptAt")),
                Docs.instant(d.getDate("sentAt")),
                d.getString("owner"),
                Docs.instant(d.getDate("leaseUntil")),
                d.getString("event"));
    }

    /** A {@code $set} of these fields of the entry's document. */
    private static Document set(Delivery d, Set<String> fields) {
        Document set = doc(d);
        set.keySet().retainAll(fields);
        return new Document("$set", set);
    }

    private static Document doc(Webhook w) {
        Webhook.Filter f = w.filter();
        return new Document("_id", w.id())
                .append("url", w.url())
                .append("secret", w.secret())
                .append(
                        "filter",
                        new Document("actions", f.actions())
                                .append("decisions", f.decisions())
                                .append("decisionTypes", f.decisionTypes())
                                .append("jobStates", f.jobStates()));
    }

    private static Webhook webhook(Document d) {
        Document f = d.get("filter", Document.class);
        return new Webhook(
                d.getString("_id"),
                d.getString("url"),
                d.getString("secret"),
                new Webhook.Filter(
                        f.getList("actions", String.class),
                        f.getBoolean("decisions"),
                        f.getList("decisionTypes", String.class),
                        f.getList("jobStates", String.class)),
                Webhook.API);
    }
}

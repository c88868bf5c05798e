package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.Published;

/**
 * The {@code rule_activations} collection: the rulebooks activated, kept beyond the process, each with
 * its rule files' contents so that every instance sharing the database can follow the newest.
 */
final class Activations implements ActivationLog {
    private final MongoCollection<Document> log;
    private final Durability durability;

    Activations(MongoCollection<Document> log, Durability durability) {
        this.log = log;
        this.durability = durability;
    }

    /**
     * One small document per activation, its _id the next number in order (a manual clock may give
     * several activations the same instant); instances sharing a MongoDB take the next free number, so
     * the newest number is the cluster's newest activation. The files are a list of {path, text}: a path
     * may hold dots, which a field name may not.
     */
    @Override
    public void publish(Activation activation, Map<String, String> files) {
        durability.checkWritable();
        List<Document> texts = new ArrayList<>();
        new TreeMap<>(files).forEach((path, text) -> texts.add(new Document("path", path).append("text", text)));
        long seq = newestSequence() + 1;
        for (int attempt = 0; ; attempt++, seq++) {
            Document doc = new Document("_id", id(seq))
                    .append("revision", activation.revision())
                    .append("at", Docs.date(activation.activatedAt()))
                    .append("activation", Codec.write(activation))
                    .append("files", texts);
            if (Docs.insertIfAbsent(log, doc)) {
                break;
            }
            if (attempt >= 100) {
                throw new IllegalStateException("no free number for a rules activation after " + attempt + " tries");
            }
        }
        durability.awaitDurable();
    }

    @Override
    public List<Activation> activations(int limit) {
        List<Activation> newest = Docs.batched(log.find()
                        .projection(new Document("activation", 1))
                        .sort(new Document("_id", -1))
                        .limit(Math.max(limit, 0)))
                .map(d -> Codec.read(d.getString("activation"), Activation.class))
                .into(new ArrayList<>());
        Collections.reverse(newest);
        return newest;
    }

    @Override
    public long newestSequence() {
        Document last = log.find()
                .projection(new Document("_id", 1))
                .sort(new Document("_id", -1))
                .limit(1)
                .first();
        return last == null ? 0 : Long.parseLong(last.getString("_id"));
    }

    @Override
    public Optional<Published> published(long sequence) {
        Document d = log.find(new Document("_id", id(sequence))).first();
        if (d == null) {
            return Optional.empty();
        }
        Map<String, String> files = new TreeMap<>();
        for (Document f : d.getList("files", Document.class, List.of())) {
            files.put(f.getString("path"), f.getString("text"));
        }
        return Optional.of(new Published(sequence, Codec.read(d.getString("activation"), Activation.class), files));
    }

    /** Marks the activation's document (revision and instant): every instance's restart reads it. */
    @Override
    public void recordRetimeFinished(String revision, Instant activatedAt) {
        durability.checkWritable();
        log.updateMany(
                new Document("revision", revision).append("at", Docs.date(activatedAt)),
                new Document("$set", new Document("retimeFinished", true)));
    }

    @Override
    public boolean retimeFinished(String revision, Instant activatedAt) {
        return log.find(new Document("revision", revision)
                                .append("at", Docs.date(activatedAt))
                                .append("retimeFinished", true))
                        .projection(new Document("_id", 1))
                        .first()
                != null;
    }

    private static String id(long sequence) {
        return String.format("%012d", sequence);
    }
}

package waybill.store.mongo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.Document;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;

/** The {@code rule_activations} collection: the rulebooks activated, kept beyond the process. */
final class Activations implements ActivationLog {
    private final MongoCollection<Document> log;
    private final Durability durability;

    Activations(MongoCollection<Document> log, Durability durability) {
        this.log = log;
        this.durability = durability;
    }

    /**
     * One small document per activation, its _id the next number in order (a manual clock may give
     * several activations the same instant); instances sharing a MongoDB take the next free number.
     */
    @Override
    public void recordActivation(Activation activation) {
        durability.checkWritable();
        Document last = log.find().sort(new Document("_id", -1)).limit(1).first();
        long seq = last == null ? 1 : Long.parseLong(last.getString("_id")) + 1;
        for (int attempt = 0; ; attempt++, seq++) {
            Document doc = new Document("_id", String.format("%012d", seq))
                    .append("revision", activation.revision())
                    .append("at", Docs.date(activation.activatedAt()))
                    .append("activation", Codec.write(activation));
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
        List<Activation> newest = new ArrayList<>();
        for (Document d : Docs.batched(log.find().sort(new Document("_id", -1)).limit(Math.max(limit, 0)))) {
            newest.add(Codec.read(d.getString("activation"), Activation.class));
        }
        Collections.reverse(newest);
        return newest;
    }
}

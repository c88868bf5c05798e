package waybill.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.json.Mappers;
import waybill.store.MemoryStore;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Fills an embedded data folder with {@code n} jobs fast, writing store documents directly: the store is
 * opened once on the empty folder (so its indexes exist, as in a service that grew), then job snapshots in
 * the store's format ({_id, v, deleted, registered, subscriptionId, resourceGroup, state, nextTimer, body})
 * go in by {@code insertMany} of 1,000, each a clone of a real job the rules made (created, moved to
 * Shipping: a {@code package-arrival} deadline). One job in 100 is due 14 days after {@link #T0}; as many,
 * the warm-up set, 13 days after (a first sweep of them compiles the firing path, as in a service that has
 * run a while); the others a year later. Job ids {@code ...jobs/bulk00000042}. No decision log: a restart
 * reads the snapshots and finds nothing to roll forward.
 *
 * <pre>BulkLoad DATA_DIR JOBS</pre>
 */
public final class BulkLoad {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String SUB = StoreScale.SUB;
    private static final String TOKEN = "bulktmpl00";

    private BulkLoad() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Rulebook rules = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
        long t0 = System.nanoTime();
        Instant due = load(dir, n, rules);
        System.out.printf(
                "loaded %,d jobs (%,d due at %s, %,d a day before) into %s in %.1f s, file %d MB%n",
                n,
                (n + 99) / 100,
                due,
                (n + 49) / 100,
                dir,
                (System.nanoTime() - t0) / 1e9,
                Files.size(dir.resolve(EmbeddedMongo.FILE)) >> 20);
        System.exit(0);
    }

    /** Loads the jobs; answers when the due ones are due. */
    static Instant load(Path dir, int n, Rulebook rules) throws Exception {
        StoreFactory.embedded(dir).close(); // the indexes, on an empty store
        Job due = template(rules, T0);
        Job warm = template(rules, T0.minus(Duration.ofDays(1)));
        Job later = template(rules, T0.plus(Duration.ofDays(365)));
        String dueBody = Mappers.json().writeValueAsString(due);
        String warmBody = Mappers.json().writeValueAsString(warm);
        String laterBody = Mappers.json().writeValueAsString(later);
        EmbeddedMongo server = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build())) {
            MongoCollection<org.bson.Document> jobs =
                    client.getDatabase(StoreFactory.DEFAULT_DATABASE).getCollection("jobs");
            List<org.bson.Document> batch = new ArrayList<>(1000);
            for (int i = 0; i < n; i++) {
                String name = String.format("bulk%08d", i);
                if (i % 100 == 0) {
                    batch.add(snapshot(id(name), due, dueBody.replace(TOKEN, name)));
                } else if (i % 100 == 50) {
                    batch.add(snapshot(id(name), warm, warmBody.replace(TOKEN, name)));
                } else {
                    batch.add(snapshot(id(name), later, laterBody.replace(TOKEN, name)));
                }
                if (batch.size() == 1000) {
                    jobs.insertMany(batch);
                    batch.clear();
                }
                if ((i + 1) % 50_000 == 0) {
                    server.commit(); // the file's commits are explicit: one chunk of a million jobs outgrows a buffer
                }
            }
            if (!batch.isEmpty()) {
                jobs.insertMany(batch);
            }
            server.commit();
        } finally {
            server.close();
        }
        return due.nextDeadline().orElseThrow().getAt();
    }

    static String id(String name) {
        return SUB + "/providers/Microsoft.ImportExport/jobs/" + name;
    }

    private static org.bson.Document snapshot(String jobId, Job job, String body) {
        return new org.bson.Document("_id", jobId)
                .append("v", job.getVersion())
                .append("deleted", false)
                .append("registered", job.isRegistered())
                .append("subscriptionId", job.getSubscriptionId())
                .append("resourceGroup", job.getResourceGroup())
                .append("state", job.getState().name())
                .append("nextTimer", Date.from(job.nextDeadline().orElseThrow().getAt()))
                .append("body", body);
    }

    /** A real job, created at {@code at} and moved to Shipping by the rules, named {@link #TOKEN}. */
    private static Job template(Rulebook rules, Instant at) throws Exception {
        MemoryStore mem = new MemoryStore();
        Processor p = new Processor(() -> rules, mem, new ManualClock(at));
        String id = id(TOKEN);
        String addr = "{\"recipientName\": \"Test\", \"streetAddress1\": \"Street1\", \"city\": \"Redmond\","
                + " \"postalCode\": \"98007\", \"countryOrRegion\": \"USA\", \"phone\": \"4250000000\","
                + " \"email\": \"test@contoso.com\"}";
        String create = "{\"type\": \"CreateJob\", \"request\": {\"location\": \"West US\", \"properties\": {"
                + "\"storageAccountId\": \"" + SUB + "/providers/Microsoft.Storage/storageAccounts/contoso\","
                + " \"jobType\": \"Import\", \"logLevel\": \"Verbose\", \"returnAddress\": " + addr + ","
                + " \"returnShipping\": {\"carrierName\": \"FedEx\", \"carrierAccountNumber\": \"989ffff\"},"
                + " \"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123456789\"},"
                + " \"driveList\": [{\"driveId\": \"9CA995B1\","
                + " \"bitLockerKey\": \"238810-662376-448998-450120-652806-203390-606320-483071\"}]}}}";
        for (String json : List.of(
                create, "{\"type\": \"UpdateJob\", \"request\": {\"properties\": {\"state\": \"Shipping\"}}}")) {
            Fact f = Mappers.json().readValue(json, Fact.class);
            f.setJobId(id);
            if (!p.submit(f).accepted()) {
                throw new IllegalStateException("template refused: " + json);
            }
        }
        return mem.find(id).orElseThrow();
    }
}

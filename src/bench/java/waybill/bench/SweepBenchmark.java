package waybill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.CreateJob;
import waybill.fact.UpdateJob;
import waybill.job.Job;
import waybill.json.Mappers;
import waybill.store.MemoryStore;
import waybill.store.Store;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * The timer sweep against many stored jobs: {@code SweepBenchmark [sizes...]} (default 100000 1000000).
 * For each size, a fresh embedded store is seeded by bulk {@code insertMany} of job snapshots in the
 * store's own format ({_id, v, deleted, registered, subscriptionId, resourceGroup, state, nextTimer, body}),
 * cloned from real jobs made by the rules: every job is in Shipping with a package-arrival timer; 1 % of
 * them are due (0.1 % at T0+14d, 0.9 % one day later), the rest a year later. Then it measures: a
 * range query {nextTimer <= until} on the embedded server (what a scan costs there); the store's start-up
 * (recovery + due-index rebuild); {@code nextDue} with nothing due; and {@code Processor.fireDue} for the
 * first group, then for the second.
 */
public final class SweepBenchmark {
    /** The sweep's parallel pool, sized as a service's (daemon threads: the benchmark exits with them). */
    static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newFixedThreadPool(waybill.decision.Decisions.SWEEP_THREADS, r -> {
                Thread t = new Thread(r, "bench-timers");
                t.setDaemon(true);
                return t;
            });

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/sweep";
    static final String TOKEN = "sweeptmpl";
    private static final ObjectMapper JSON = Mappers.json();

    private SweepBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000, 1_000_000);
        }
        Rulebook rules = RulebookLoader.load(Path.of(System.getProperty("waybill.rules", "rules")), Instant.now());
        Job dueA = template(rules, T0); // package-arrival due at T0+14d
        Job dueB = template(rules, T0.plus(Duration.ofDays(1))); // one day later
        Job later = template(rules, T0.plus(Duration.ofDays(365)));
        Instant untilA = dueA.nextDeadline().orElseThrow().getAt();
        Instant untilB = dueB.nextDeadline().orElseThrow().getAt();
        System.out.printf(
                "templates: version %d, timers %s / %s / %s, body %d B%n",
                dueA.getVersion(),
                untilA,
                untilB,
                later.nextDeadline().orElseThrow().getAt(),
                JSON.writeValueAsString(dueA).length());
        for (int n : sizes) {
            run(n, rules, dueA, dueB, later, untilA, untilB);
        }
        System.exit(0);
    }

    private static void run(int n, Rulebook rules, Job dueA, Job dueB, Job later, Instant untilA, Instant untilB)
            throws Exception {
        Path dir = Files.createTempDirectory("waybill-sweep");
        int nA = n / 1000; // 0.1 %
        int nB = n / 100 - nA; // 0.9 %
        try {
            // ---- seed: bulk insert in the store's format, straight into the embedded server
            long t0 = System.nanoTime();
            EmbeddedMongo server = new EmbeddedMongo(dir);
            server.startHousekeeping(); // as the service runs it
            String scan;
            try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(server.connectionString()))
                    .build())) {
                MongoCollection<Document> jobs =
                        client.getDatabase(StoreFactory.DEFAULT_DATABASE).getCollection("jobs");
                String a = JSON.writeValueAsString(dueA);
                String b = JSON.writeValueAsString(dueB);
                String l = JSON.writeValueAsString(later);
                List<Document> batch = new ArrayList<>(1000);
                for (int i = 0; i < n; i++) {
                    // due jobs spread evenly over the id space
                    boolean isDue = i % 100 == 0;
                    Job tpl = !isDue ? later : (i / 100) % 10 == 0 ? dueA : dueB;
                    String body = !isDue ? l : tpl == dueA ? a : b;
                    String name = String.format("sweep%08d", i);
                    batch.add(snapshot(
                            SUB + "/providers/Microsoft.ImportExport/jobs/" + name, tpl, body.replace(TOKEN, name)));
                    if (batch.size() == 1000) {
                        jobs.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    jobs.insertMany(batch);
                }
                server.commit();
                double seed = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "%n== %,d stored jobs, %,d due (%,d at %s, %,d at %s); seeded in %.1f s (%.0f jobs/s), file %d MB%n",
                        n, nA + nB, nA, untilA, nB, untilB, seed, n / seed, Files.size(server.file()) >> 20);
                // what a range query costs on the embedded server (no index on nextTimer there: a scan)
                Document q = new Document("nextTimer", new Document("$lte", Date.from(untilB)));
                long s0 = System.nanoTime();
                Document first = jobs.find(q)
                        .sort(new Document("nextTimer", 1).append("_id", 1))
                        .limit(1)
                        .first();
                long s1 = System.nanoTime();
                long due = jobs.countDocuments(q);
                long s2 = System.nanoTime();
                scan = String.format(
                        "range query on the embedded server {nextTimer <= until} sort limit 1: %.0f ms (found %s); count: %.0f ms (%,d due)",
                        (s1 - s0) / 1e6, first == null ? "none" : "one", (s2 - s1) / 1e6, due);
            } finally {
                server.close();
            }
            System.out.println(scan);
            // ---- the first start builds the indexes over the seeded jobs (the service builds them on an
            // empty store, so no restart pays this); then a restart: recovery pass + due-index rebuild
            long f0 = System.nanoTime();
            StoreFactory.embedded(dir).close();
            System.out.printf(
                    "first start (index build over %,d seeded jobs, then recovery): %.1f s%n",
                    n, (System.nanoTime() - f0) / 1e9);
            long u0 = System.nanoTime();
            Store store = StoreFactory.embedded(dir);
            double startup = (System.nanoTime() - u0) / 1e9;
            System.out.printf("store restart (recovery + due-index rebuild over %,d jobs): %.1f s%n", n, startup);
            try {
                ManualClock clock = new ManualClock(T0);
                Processor p = new Processor(() -> rules, store, clock, POOL);
                // nextDue with nothing due: the sweep's cost on every tick
                Instant before = untilA.minusSeconds(1);
                for (int i = 0; i < 2000; i++) {
                    store.nextDue(before);
                }
                long e0 = System.nanoTime();
                int reps = 20_000;
                for (int i = 0; i < reps; i++) {
                    if (store.nextDue(before).isPresent()) {
                        throw new IllegalStateException("nothing should be due yet");
                    }
                }
                double empty = (System.nanoTime() - e0) / 1e3 / reps;
                System.out.printf("nextDue with nothing due: %.2f µs per call (%,d calls)%n", empty, reps);
                // nextDue with something due: index lookup + one re-read of the job
                Optional<Due> d = store.nextDue(untilA);
                long d0 = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    store.nextDue(untilA);
                }
                System.out.printf(
                        "nextDue with a due job: %.0f µs per call (index + re-read of the job)%n",
                        (System.nanoTime() - d0) / 1e3 / 2000);
                fire(p, clock, untilA, nA, "first group");
                fire(p, clock, untilB, nB, "second group");
            } finally {
                store.close();
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    private static void fire(Processor p, ManualClock clock, Instant until, int expected, String what) {
        long f0 = System.nanoTime();
        int fired = p.fireDue(until).size();
        double s = (System.nanoTime() - f0) / 1e9;
        clock.set(until);
        System.out.printf(
                "fireDue(%s) %s: %,d timers fired (expected %,d) in %.2f s = %.0f timers/s, %.0f µs each%n",
                until, what, fired, expected, s, fired / s, s * 1e6 / Math.max(fired, 1));
        if (fired != expected) {
            throw new IllegalStateException("fired " + fired + ", expected " + expected);
        }
    }

    private static Document snapshot(String jobId, Job job, String body) {
        return new Document("_id", jobId)
                .append("v", job.getVersion())
                .append("deleted", false)
                .append("registered", job.isRegistered())
                .append("subscriptionId", job.getSubscriptionId().replace(TOKEN, ""))
                .append("resourceGroup", job.getResourceGroup())
                .append("state", job.getState().name())
                .append("nextTimer", Date.from(job.nextDeadline().orElseThrow().getAt()))
                .append("body", body);
    }

    /** A real job, created at {@code at} and moved to Shipping by the rules, named {@link #TOKEN}. */
    private static Job template(Rulebook rules, Instant at) throws Exception {
        MemoryStore mem = new MemoryStore();
        ManualClock clock = new ManualClock(at);
        Processor p = new Processor(() -> rules, mem, clock);
        String id = SUB + "/providers/Microsoft.ImportExport/jobs/" + TOKEN;
        CreateJob c = new CreateJob();
        c.setJobId(id);
        c.setRequest(JSON.readValue(body(), PutJobParameters.class));
        if (!p.submit(c).accepted()) {
            throw new IllegalStateException("template create refused");
        }
        UpdateJob u = new UpdateJob();
        u.setJobId(id);
        u.setRequest(JSON.readValue("{\"properties\": {\"state\": \"Shipping\"}}", UpdateJobParameters.class));
        if (!p.submit(u).accepted()) {
            throw new IllegalStateException("template update refused");
        }
        return mem.find(id).orElseThrow();
    }

    private static String body() {
        String address = "{\"recipientName\": \"Test\", \"streetAddress1\": \"Street1\", \"city\": \"Redmond\","
                + " \"postalCode\": \"98007\", \"countryOrRegion\": \"USA\", \"phone\": \"4250000000\", \"email\": \"test@contoso.com\"}";
        return "{\"location\": \"West US\", \"properties\": {"
                + "\"storageAccountId\": \"" + SUB + "/providers/Microsoft.Storage/storageAccounts/contoso\","
                + " \"jobType\": \"Import\", \"logLevel\": \"Verbose\","
                + " \"returnAddress\": " + address
                + ", \"returnShipping\": {\"carrierName\": \"FedEx\", \"carrierAccountNumber\": \"989ffff\"},"
                + " \"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123456789\"},"
                + " \"driveList\": [{\"driveId\": \"9CA995B1\", \"bitLockerKey\": \"238810-662376-448998-450120-652806-203390-606320-483071\","
                + " \"manifestFile\": \"\\\\8a0c23f7.manifest\", \"manifestHash\": \"4228EC5D8E04\"}]}}";
    }
}

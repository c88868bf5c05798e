package waybill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.CreateJob;
import waybill.fact.Fact;
import waybill.fact.UpdateJob;
import waybill.job.Job;
import waybill.json.Mappers;
import waybill.store.JobStore;
import waybill.store.MemoryStore;
import waybill.store.StaleJobException;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * A realistic mixed stream of decisions for the benchmark: a few job stories replayed through the real
 * {@link Processor} (so through {@code Engine.decide}) on a manual clock. Every decision made on the way
 * is recorded as (job snapshot before, fact, instant): exactly the arguments the engine was called with,
 * so re-deciding a recorded pair is the same work the service does for that fact.
 */
public final class Stories {
    /** One call of the engine: the job as it was (null if none), the fact and its instant. */
    public record Call(Job before, Fact fact, Instant at, boolean accepted, String summary) {}

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/ops";
    private static final ObjectMapper JSON = Mappers.json();

    private final List<Call> calls = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T0);
    private final Processor processor;

    private Stories(Rulebook rulebook) {
        JobStore store = new Recording(new MemoryStore(), calls);
        this.processor = new Processor(() -> rulebook, store, clock);
    }

    /** Replays every story once and answers the calls the engine received, in order. */
    public static List<Call> record(Rulebook rulebook) {
        Stories s = new Stories(rulebook);
        s.happyImport("bench-happy", 3);
        s.importWithErrors("bench-errors");
        s.expiresInCreating("bench-expiry");
        s.refusalsAndMissingPackage("bench-refusals");
        s.driveArrivesFirst("bench-early");
        s.cancelled("bench-cancel");
        s.happyImport("bench-happy-1", 1);
        return List.copyOf(s.calls);
    }

    /** How many calls of each fact type, and how many were refused. */
    public static Map<String, String> mix(List<Call> calls) {
        Map<String, int[]> n = new LinkedHashMap<>();
        for (Call c : calls) {
            int[] a = n.computeIfAbsent(c.fact().getType(), k -> new int[2]);
            a[0]++;
            if (!c.accepted()) {
                a[1]++;
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.forEach((k, v) -> out.put(k, v[0] + (v[1] > 0 ? " (" + v[1] + " refused)" : "")));
        return out;
    }

    // ---- the stories ------------------------------------------------------------------------------

    /** Created, shipped, arrived, every drive copied cleanly with progress, shipped back, kept 90 days, deleted. */
    private void happyImport(String name, int drives) {
        String job = jobId(name);
        clock.set(T0);
        create(job, body(drives, true));
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        advance("P3D");
        fact(job, "{\"type\": \"PackageArrived\", \"driveIds\": " + ids(drives) + "}");
        for (int i = 1; i <= drives; i++) {
            String d = driveId(i);
            fact(job, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"" + d + "\"}");
            for (int p = 20; p < 100; p += 20) {
                advance("PT1H");
                fact(
                        job,
                        "{\"type\": \"DriveProgress\", \"driveId\": \"" + d + "\", \"percentComplete\": " + p
                                + ", \"bytesSucceeded\": " + p * 1_000_000_000L + "}");
            }
            fact(
                    job,
                    "{\"type\": \"DriveTransferFinished\", \"driveId\": \"" + d
                            + "\", \"errorCount\": 0, \"warningCount\": 0, \"bytesSucceeded\": 100000000000}");
        }
        advance("P2D");
        fact(job, "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"FedEx\", \"trackingNumber\": \"777000111\"}");
        advance("P91D"); // retention timer: the job is deleted
    }

    /** A copy with errors, progress reported for a drive not being copied (refused), Closed, deleted. */
    private void importWithErrors(String name) {
        String job = jobId(name);
        clock.set(T0);
        create(job, body(2, true));
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        advance("P2D");
        fact(job, "{\"type\": \"PackageArrived\", \"driveIds\": " + ids(2) + "}");
        fact(job, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"" + driveId(1) + "\"}");
        fact(job, "{\"type\": \"DriveProgress\", \"driveId\": \"" + driveId(1) + "\", \"percentComplete\": 50}");
        fact(job, "{\"type\": \"DriveProgress\", \"driveId\": \"" + driveId(2) + "\", \"percentComplete\": 10}");
        fact(
                job,
                "{\"type\": \"DriveTransferFinished\", \"driveId\": \"" + driveId(1)
                        + "\", \"errorCount\": 3, \"warningCount\": 0}");
        fact(job, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"" + driveId(2) + "\"}");
        fact(
                job,
                "{\"type\": \"DriveTransferFinished\", \"driveId\": \"" + driveId(2)
                        + "\", \"errorCount\": 0, \"warningCount\": 1}");
        fact(
                job,
                "{\"type\": \"DriveTransferFinished\", \"driveId\": \"" + driveId(2)
                        + "\", \"errorCount\": 0, \"warningCount\": 0}"); // again: refused
        fact(job, "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"UPS\", \"trackingNumber\": \"1Z999\"}");
        advance("P91D");
    }

    /** Created, updated while Creating (restarts the expiry), never shipped: deleted after two weeks. */
    private void expiresInCreating(String name) {
        String job = jobId(name);
        clock.set(T0);
        create(job, body(2, false));
        advance("P5D");
        update(job, "{\"properties\": {\"logLevel\": \"Verbose\"}}");
        advance("P15D");
    }

    /** Invalid create, a valid one, a second create, Shipping without a package, copy too early; then
     *  the package never arrives: both Shipping timers fire. */
    private void refusalsAndMissingPackage(String name) {
        String job = jobId(name);
        clock.set(T0);
        create(job, "{\"properties\": {\"jobType\": \"Import\"}}");
        create(job, body(1, false));
        create(job, body(1, false));
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        fact(job, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"" + driveId(1) + "\"}");
        update(
                job,
                "{\"properties\": {\"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123\"},"
                        + " \"returnAddress\": " + ADDRESS + ", \"returnShipping\": " + SHIPPING + "}}");
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        update(job, "{\"properties\": {\"state\": \"Completed\"}}");
        advance("P15D"); // package-arrival
        advance("P31D"); // missing-package-response
        fact(job, "{\"type\": \"DeleteJob\"}");
    }

    /** Drives arrive before the job is created: held, contact timer; then the job is created and shipped. */
    private void driveArrivesFirst(String name) {
        String job = jobId(name);
        clock.set(T0);
        fact(job, "{\"type\": \"PackageArrived\", \"driveIds\": " + ids(1) + "}");
        advance("P2D");
        create(job, body(1, true));
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        fact(job, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"" + driveId(1) + "\"}");
        fact(
                job,
                "{\"type\": \"DriveTransferFinished\", \"driveId\": \"" + driveId(1)
                        + "\", \"errorCount\": 0, \"warningCount\": 0}");
        advance("P15D");
    }

    /** Shipped, then cancelled before the package arrives; a fault and its resolution on the way. */
    private void cancelled(String name) {
        String job = jobId(name);
        clock.set(T0);
        create(job, body(2, true));
        update(job, "{\"properties\": {\"state\": \"Shipping\"}}");
        fact(job, "{\"type\": \"Fault\", \"reason\": \"carrier lost track of the package\"}");
        fact(job, "{\"type\": \"FaultResolved\"}");
        update(job, "{\"properties\": {\"cancelRequested\": true}}");
        fact(job, "{\"type\": \"PackageArrived\", \"driveIds\": " + ids(2) + "}");
        advance("P91D");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static final String ADDRESS =
            "{\"recipientName\": \"Test\", \"streetAddress1\": \"Street1\", \"city\": \"Redmond\","
                    + " \"postalCode\": \"98007\", \"countryOrRegion\": \"USA\", \"phone\": \"4250000000\", \"email\": \"test@contoso.com\"}";
    private static final String SHIPPING = "{\"carrierName\": \"FedEx\", \"carrierAccountNumber\": \"989ffff\"}";

    private static String jobId(String name) {
        return SUB + "/providers/Microsoft.ImportExport/jobs/" + name;
    }

    private static String driveId(int i) {
        return "9CA995B" + i;
    }

    private static String ids(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            b.append(i > 1 ? ", " : "").append('"').append(driveId(i)).append('"');
        }
        return b.append(']').toString();
    }

    private static String body(int drives, boolean shippable) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 1; i <= drives; i++) {
            list.append(i > 1 ? ", " : "")
                    .append("{\"driveId\": \"")
                    .append(driveId(i))
                    .append("\", \"bitLockerKey\": \"238810-662376-448998-450120-652806-203390-606320-48307")
                    .append(i)
                    .append("\", \"manifestFile\": \"\\\\8a0c23f7.manifest\", \"manifestHash\": \"4228EC5D8E04\"}");
        }
        list.append(']');
        return "{\"location\": \"West US\", \"properties\": {"
                + "\"storageAccountId\": \"" + SUB + "/providers/Microsoft.Storage/storageAccounts/contoso\","
                + " \"jobType\": \"Import\", \"logLevel\": \"Verbose\","
                + (shippable
                        ? " \"returnAddress\": " + ADDRESS + ", \"returnShipping\": " + SHIPPING + ","
                                + " \"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123456789\"},"
                        : "")
                + " \"driveList\": " + list + "}}";
    }

    private void create(String job, String body) {
        CreateJob c = new CreateJob();
        c.setJobId(job);
        c.setRequest(read(body, PutJobParameters.class));
        processor.submit(c);
    }

    private void update(String job, String body) {
        UpdateJob u = new UpdateJob();
        u.setJobId(job);
        u.setRequest(read(body, UpdateJobParameters.class));
        processor.submit(u);
    }

    private void fact(String job, String json) {
        Fact f = read(json, Fact.class);
        f.setJobId(job);
        processor.submit(f);
    }

    private void advance(String iso) {
        Instant target = clock.instant().plus(Duration.parse(iso));
        processor.fireDue(target);
        clock.set(target);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** A memory store that also records every decision handed to it. */
    private record Recording(MemoryStore store, List<Call> calls) implements JobStore {
        @Override
        public Optional<Job> find(String jobId) {
            return store.find(jobId);
        }

        @Override
        public Optional<Decision> decided(String jobId, String factId) {
            return store.decided(jobId, factId);
        }

        @Override
        public Optional<Due> nextDue(Instant until) {
            return store.nextDue(until);
        }

        @Override
        public void commit(Decision d) throws StaleJobException {
            calls.add(new Call(d.before(), d.fact(), d.at(), true, summary(d)));
            store.commit(d);
        }

        @Override
        public void refused(Decision d) {
            calls.add(new Call(d.before(), d.fact(), d.at(), false, summary(d)));
            store.refused(d);
        }
    }

    static String summary(Decision d) {
        return d.fact().getType() + " " + (d.accepted() ? "accepted" : "refused " + d.rejections())
                + " transitions=" + d.transitions().size() + " actions="
                + d.actions().size()
                + " deadlines=" + d.deadlines().size() + (d.deletion() != null ? " deleted" : "")
                + " fired=" + d.firedRules().size();
    }
}

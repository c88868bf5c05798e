package waybill.store.mongo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import waybill.access.ApiKeys;
import waybill.api.WaybillServer;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.cli.Service;
import waybill.config.ServiceConfig;
import waybill.decision.Processor;
import waybill.delivery.DeliveryConfig;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.CreateJob;
import waybill.fact.UpdateJob;
import waybill.json.Mappers;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/**
 * The console's data at 100k jobs on the embedded store: {@code ConsoleBench [jobs]} (default 100000).
 * The store is seeded by bulk inserts of real snapshots and decision records (made by the rules from
 * 60 template jobs: created on each of 30 days, half of them shipped, so deadlines spread over weeks),
 * then the service is started on it and every route each console page calls is timed over HTTP: 10
 * warm-up requests, then 50 timed ones, one after another. The ceiling, in the same run: {@code GET
 * /ops/me}, the cheapest authenticated route (no store, no rules).
 */
public final class ConsoleBench {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** The template's subscription, resource group and name: distinct tokens, none inside another. */
    static final String SUB_TOKEN = "subtokenq";

    static final String RG_TOKEN = "rgtokenq";
    static final String NAME_TOKEN = "nametokenq";
    static final String TEMPLATE_ID = "/subscriptions/" + SUB_TOKEN + "/resourceGroups/" + RG_TOKEN
            + "/providers/Microsoft.ImportExport/jobs/" + NAME_TOKEN;
    static final String KEY = "console-bench-admin-key-000001";
    private static final ObjectMapper JSON = Mappers.json();

    private ConsoleBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Rulebook rules = RulebookLoader.load(Path.of("rules"), Instant.now());
        List<List<Document[]>> templates = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            templates.add(template(rules, T0.plus(Duration.ofDays(day)), false));
            templates.add(template(rules, T0.plus(Duration.ofDays(day)), true));
        }
        Path dir = Files.createTempDirectory("waybill-console-bench");
        long t0 = System.nanoTime();
        seed(dir, n, templates);
        System.out.printf("seeded %,d jobs in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        MongoStore store = StoreFactory.embedded(dir);
        ServiceConfig config = ServiceConfig.of(
                        0,
                        Path.of("rules"),
                        dir,
                        null,
                        ServiceConfig.ClockMode.MANUAL,
                        T0.plus(Duration.ofDays(30)),
                        Path.of("config", "locations.yaml"),
                        Map.of())
                .withKeys(ApiKeys.parse(KEY + "=admin@bench", "bench"));
        try (Service service =
                Service.over(config, store, DeliveryConfig.DEFAULT).start()) { // closes the store
            WaybillServer server = service.server();
            String base = "http://localhost:" + server.port();
            String job = "/subscriptions/" + sub(4201) + "/resourceGroups/" + rg(4201)
                    + "/providers/Microsoft.ImportExport/jobs/" + name(4201);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("ceiling: GET /ops/me", "/ops/me");
            pages.put("board: all jobs, counts, first page", "/ops/jobs");
            pages.put("board: state=Shipping", "/ops/jobs?state=Shipping");
            pages.put(
                    "board: subscription + resource group",
                    "/ops/jobs?subscription=" + sub(7) + "&resourceGroup=" + rg(7));
            pages.put("board: name contains", "/ops/jobs?name=00042");
            pages.put("board: a page deep in the list", "/ops/jobs?$top=50&$skipToken=" + token(job));
            pages.put("job page: now", "/ops/job?jobId=" + enc(job));
            pages.put("job page: asOf (time travel)", "/ops/job?jobId=" + enc(job) + "&asOf=" + T0.plusSeconds(1800));
            pages.put("queue: open actions", "/ops/actions?status=open");
            pages.put("calendar: 30 days", "/ops/calendar");
            pages.put("calendar: 90 days", "/ops/calendar?to=" + T0.plus(Duration.ofDays(120)));
            pages.put("rules: GET /ops/rules", "/ops/rules");
            pages.put("rules: coverage", "/ops/rules/coverage");
            pages.put("rules: history", "/ops/rules/history");
            pages.put("diagram: job (SVG)", "/ops/rules/diagram?entity=job");
            pages.put("diagram: drive (JSON)", "/ops/rules/diagram?entity=drive&format=json");
            HttpClient http = HttpClient.newHttpClient();
            get(http, base + "/ops/jobs"); // the board reads the store once
            get(http, base + "/ops/rules/diagram?entity=job&format=json"); // the fixtures are replayed once
            double ceiling = 0;
            System.out.printf(
                    "%-42s %9s %9s %9s %8s %9s%n", "route", "median ms", "p95 ms", "max ms", "ratio", "bytes");
            for (Map.Entry<String, String> p : pages.entrySet()) {
                double[] ms = new double[50];
                int bytes = 0;
                for (int i = 0; i < 10; i++) {
                    get(http, base + p.getValue());
                }
                for (int i = 0; i < ms.length; i++) {
                    long s = System.nanoTime();
                    bytes = get(http, base + p.getValue());
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                double median = ms[ms.length / 2];
                if (ceiling == 0) {
                    ceiling = median;
                }
                System.out.printf(
                        "%-42s %9.2f %9.2f %9.2f %8.1f %9d%n",
                        p.getKey(), median, ms[(int) (ms.length * 0.95)], ms[ms.length - 1], median / ceiling, bytes);
            }
        }
        System.exit(0);
    }

    private static int get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    url + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    static String sub(int i) {
        return String.format("%08d-0000-0000-0000-%012d", i % 10, i % 10);
    }

    static String rg(int i) {
        return "rg" + (i / 10) % 10;
    }

    static String name(int i) {
        return String.format("job%07d", i);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String token(String id) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /** Bulk-inserts each job's snapshot and decision records, cloned from the templates by name. */
    private static void seed(Path dir, int n, List<List<Document[]>> templates) throws Exception {
        EmbeddedMongo server = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build())) {
            MongoCollection<Document> jobs =
                    client.getDatabase(StoreFactory.DEFAULT_DATABASE).getCollection("jobs");
            MongoCollection<Document> decisions =
                    client.getDatabase(StoreFactory.DEFAULT_DATABASE).getCollection("decisions");
            List<String[]> texts = new ArrayList<>();
            for (List<Document[]> t : templates) {
                List<String> parts = new ArrayList<>();
                for (Document[] d : t) {
                    parts.add(d[0].toJson());
                    parts.add(d[1].toJson());
                }
                texts.add(parts.toArray(new String[0]));
            }
            List<Document> js = new ArrayList<>();
            List<Document> ds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String[] t = texts.get(i % texts.size());
                for (int k = 0; k < t.length; k += 2) {
                    ds.add(Document.parse(replace(t[k + 1], i)));
                }
                js.add(Document.parse(replace(t[t.length - 2], i)));
                if (js.size() >= 1000) {
                    jobs.insertMany(js);
                    decisions.insertMany(ds);
                    js.clear();
                    ds.clear();
                }
            }
            if (!js.isEmpty()) {
                jobs.insertMany(js);
                decisions.insertMany(ds);
            }
            server.commit();
        } finally {
            server.close();
        }
    }

    private static String replace(String text, int i) {
        return text.replace(SUB_TOKEN, sub(i)).replace(RG_TOKEN, rg(i)).replace(NAME_TOKEN, name(i));
    }

    /** A real job made by the rules: created at {@code at}, shipped an hour later when {@code ship}. */
    private static List<Document[]> template(Rulebook rules, Instant at, boolean ship) throws Exception {
        MemoryStore mem = new MemoryStore();
        ManualClock clock = new ManualClock(at);
        Processor p = new Processor(() -> rules, mem, clock);
        String id = TEMPLATE_ID;
        List<Document[]> out = new ArrayList<>();
        CreateJob c = new CreateJob();
        c.setJobId(id);
        c.setSubmittedBy("bench");
        c.setRequest(JSON.readValue(body(), PutJobParameters.class));
        out.add(docs(id, 1, p.submit(c)));
        if (ship) {
            clock.advance(Duration.ofHours(1));
            UpdateJob u = new UpdateJob();
            u.setJobId(id);
            u.setSubmittedBy("bench");
            u.setRequest(JSON.readValue("{\"properties\": {\"state\": \"Shipping\"}}", UpdateJobParameters.class));
            out.add(docs(id, 2, p.submit(u)));
        }
        return out;
    }

    private static Document[] docs(String id, long v, Decision d) {
        if (!d.accepted()) {
            throw new IllegalStateException("template decision refused: " + d.rejections());
        }
        return new Document[] {Codec.snapshot(id, v, d, null), DecisionDocs.accepted(d, v, null)};
    }

    private static String body() {
        String address = "{\"recipientName\": \"Test\", \"streetAddress1\": \"Street1\", \"city\": \"Redmond\","
                + " \"postalCode\": \"98007\", \"countryOrRegion\": \"USA\", \"phone\": \"4250000000\", \"email\": \"test@contoso.com\"}";
        return "{\"location\": \"West US\", \"properties\": {"
                + "\"storageAccountId\": \"/subscriptions/" + SUB_TOKEN + "/resourceGroups/" + RG_TOKEN
                + "/providers/Microsoft.Storage/storageAccounts/contoso\","
                + " \"jobType\": \"Import\", \"returnAddress\": " + address
                + ", \"returnShipping\": {\"carrierName\": \"FedEx\", \"carrierAccountNumber\": \"989ffff\"},"
                + " \"deliveryPackage\": {\"carrierName\": \"FedEx\", \"trackingNumber\": \"123456789\"},"
                + " \"driveList\": [{\"driveId\": \"9CA995B1\", \"bitLockerKey\": \"238810-662376-448998-450120-652806-203390-606320-483071\","
                + " \"manifestFile\": \"\\\\8a0c23f7.manifest\", \"manifestHash\": \"4228EC5D8E04\"}]}}";
    }
}

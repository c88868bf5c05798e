package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import waybill.access.ApiKeys;
import waybill.cli.Service;
import waybill.config.ServiceConfig;
import waybill.delivery.DeliveryConfig;
import waybill.json.Mappers;
import waybill.store.MemoryStore;
import waybill.store.Store;

/**
 * The real service on a random port over a given store, and an HTTP client speaking to it. Requests carry
 * the admin key unless sent with {@link #sendAs} (another key, or none).
 */
public final class TestServer implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    public static final String V = "api-version=2021-01-01";
    public static final String SUB = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    /** Another tenant's subscription. */
    public static final String SUB2 = "22222222-2222-2222-2222-222222222222";

    public static final String ADMIN_KEY = "test-admin-key-000000000000000001";
    public static final String OPERATOR_KEY = "test-operator-key-00000000000000001";
    /** A customer of {@link #SUB}. */
    public static final String CUSTOMER_KEY = "test-customer-key-0000000000000001";
    /** A customer of {@link #SUB2} only. */
    public static final String OTHER_CUSTOMER_KEY = "test-customer-key-0000000000000002";

    public static final ApiKeys KEYS = ApiKeys.parse(
            ADMIN_KEY + "=admin@ada," + OPERATOR_KEY + "=operator@otto," + CUSTOMER_KEY + "=customer:" + SUB
                    + "@contoso," + OTHER_CUSTOMER_KEY + "=customer:" + SUB2 + "@fabrikam",
            "test keys");
    static final Path EXAMPLES = Path.of("src", "test", "resources", "azure-examples");
    static final ObjectMapper JSON = Mappers.json();

    public final Store store;
    /** The service as {@code serve} composes it; it owns the store. */
    public final Service service;

    public final WaybillServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** What the service answered. */
    public record Reply(int status, String text, JsonNode json, HttpHeaders headers) {
        public Reply(int status, String text, JsonNode json) {
            this(status, text, json, null);
        }
    }

    private TestServer(Service service) {
        this.service = service;
        this.store = service.store();
        this.server = service.server();
    }

    public static TestServer start(Path rules, ServiceConfig.ClockMode clock) {
        return start(rules, clock, new MemoryStore());
    }

    public static TestServer start(Path rules, ServiceConfig.ClockMode clock, Store store) {
        return start(rules, clock, store, DeliveryConfig.DEFAULT);
    }

    /** On the manual clock, the repository's rules, a memory store, and these deliveries. */
    public static TestServer withDeliveries(DeliveryConfig deliveries) {
        return start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, new MemoryStore(), deliveries);
    }

    public static TestServer start(Path rules, ServiceConfig.ClockMode clock, Store store, DeliveryConfig deliveries) {
        return start(rules, clock, store, deliveries, Path.of("config", "locations.yaml"), c -> c);
    }

    /** On the manual clock, the repository's rules and a memory store, the configuration changed by {@code change}. */
    public static TestServer configured(java.util.function.UnaryOperator<ServiceConfig> change) {
        return start(
                Path.of("rules"),
                ServiceConfig.ClockMode.MANUAL,
                new MemoryStore(),
                DeliveryConfig.DEFAULT,
                Path.of("config", "locations.yaml"),
                change);
    }

    /** On the manual clock, the repository's rules and a memory store, with this locations catalogue. */
    public static TestServer withLocations(Path locations) {
        return start(
                Path.of("rules"),
                ServiceConfig.ClockMode.MANUAL,
                new MemoryStore(),
                DeliveryConfig.DEFAULT,
                locations,
                c -> c);
    }

    private static TestServer start(
            Path rules,
            ServiceConfig.ClockMode clock,
            Store store,
            DeliveryConfig deliveries,
            Path locations,
            java.util.function.UnaryOperator<ServiceConfig> change) {
        try {
            ServiceConfig config = ServiceConfig.of(
                            0, rules, Path.of("target", "unused-data"), null, clock, START, locations, Map.of())
                    .withKeys(KEYS);
            return new TestServer(
                    Service.over(change.apply(config), store, deliveries).start());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** On the manual clock, a memory store and these rules, with no request budgets: for tests that drive load. */
    public static TestServer unthrottled(Path rules) {
        return start(
                rules,
                ServiceConfig.ClockMode.MANUAL,
                new MemoryStore(),
                DeliveryConfig.DEFAULT,
                Path.of("config", "locations.yaml"),
                c -> c.withThrottling(waybill.config.Throttling.OFF));
    }

    public static TestServer manual() {
        return start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL);
    }

    /** A copy of the repository's rules/ in {@code dir}/rules, for tests and benchmarks that edit rule files. */
    public static Path copyRules(Path dir) throws IOException {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        return rules;
    }

    public static String jobPath(String rg, String name) {
        return jobPath(SUB, rg, name);
    }

    public static String jobPath(String sub, String rg, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.ImportExport/jobs/" + name;
    }

    public static String jobUrl(String rg, String name) {
        return jobPath(rg, name) + "?" + V;
    }

    /** An example file's part: "parameters.body" or "responses.201.body". */
    public static JsonNode example(String file, String... path) throws IOException {
        JsonNode n = JSON.readTree(Files.readString(EXAMPLES.resolve(file)));
        for (String p : path) {
            n = n.get(p);
        }
        return n;
    }

    /** Sends as admin. */
    public Reply send(String method, String pathAndQuery, Object body) {
        return sendAs(ADMIN_KEY, method, pathAndQuery, body);
    }

    /** Sends with this API key (null: no Authorization header). */
    public Reply sendAs(String key, String method, String pathAndQuery, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            Map<String, String> headers = new LinkedHashMap<>();
            if (text != null) {
                headers.put("Content-Type", "application/json");
            }
            if (key != null) {
                headers.put("Authorization", "Bearer " + key);
            }
            return raw(method, pathAndQuery, text == null ? null : text.getBytes(StandardCharsets.UTF_8), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends exactly these bytes and headers (null body: none); the answer must agree with /openapi.json. */
    public Reply raw(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // metrics, docs: text
            }
            // every answer is held to the served OpenAPI document: a drift fails the test that sent the request
            OpenApiContract.get()
                    .check(
                            method,
                            pathAndQuery,
                            r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(null),
                            r.body());
            return new Reply(r.statusCode(), r.body(), json, r.headers());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return "http://localhost:" + server.port();
    }

    public Reply get(String p) {
        return send("GET", p, null);
    }

    public Reply put(String p, Object body) {
        return send("PUT", p, body);
    }

    public Reply patch(String p, Object body) {
        return send("PATCH", p, body);
    }

    public Reply post(String p, Object body) {
        return send("POST", p, body);
    }

    public Reply delete(String p) {
        return send("DELETE", p, null);
    }

    /** Creates a job from the import example under another name. */
    /** The specification's create example, naming a storage account of {@code sub} (a customer may name only its own). */
    public static JsonNode createBodyIn(String sub) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                example("CreateJob.json", "parameters", "body").deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode props =
                (com.fasterxml.jackson.databind.node.ObjectNode) body.get("properties");
        props.put(
                "storageAccountId",
                props.get("storageAccountId").asText().replaceFirst("^/subscriptions/[^/]+", "/subscriptions/" + sub));
        return body;
    }

    public Reply createImport(String rg, String name) throws IOException {
        return put(jobUrl(rg, name), example("CreateJob.json", "parameters", "body"));
    }

    @Override
    public void close() {
        service.close(); // the store last
    }
}

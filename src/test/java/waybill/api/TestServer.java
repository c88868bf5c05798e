package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import waybill.config.ServiceConfig;
import waybill.json.Mappers;
import waybill.process.Store;

/** The real service on a random port over a given store, and an HTTP client speaking to it. */
final class TestServer implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final String V = "api-version=2021-01-01";
    static final String SUB = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    static final Path EXAMPLES = Path.of("..", "shared", "reference", "azure-examples");
    static final ObjectMapper JSON = Mappers.json();

    final Store store;
    final WaybillServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** What the service answered. */
    record Reply(int status, String text, JsonNode json) { }

    private TestServer(Store store, WaybillServer server) {
        this.store = store;
        this.server = server;
    }

    static TestServer start(Path rules, ServiceConfig.ClockMode clock) {
        return start(rules, clock, new MemoryStore());
    }

    static TestServer start(Path rules, ServiceConfig.ClockMode clock, Store store) {
        try {
            ServiceConfig config = ServiceConfig.of(0, rules, Path.of("target", "unused-data"), null, clock, START,
                    Path.of("config", "locations.yaml"), Map.of());
            return new TestServer(store, new WaybillServer(config, store).start());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TestServer manual() {
        return start(Path.of("rules"), ServiceConfig.ClockMode.manual);
    }

    static String jobPath(String rg, String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/" + rg + "/providers/Microsoft.ImportExport/jobs/" + name;
    }

    static String jobUrl(String rg, String name) {
        return jobPath(rg, name) + "?" + V;
    }

    /** An example file's part: "parameters.body" or "responses.201.body". */
    static JsonNode example(String file, String... path) throws IOException {
        JsonNode n = JSON.readTree(Files.readString(EXAMPLES.resolve(file)));
        for (String p : path) {
            n = n.get(p);
        }
        return n;
    }

    Reply send(String method, String pathAndQuery, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // metrics, docs: text
            }
            return new Reply(r.statusCode(), r.body(), json);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://localhost:" + server.port();
    }

    Reply get(String p) { return send("GET", p, null); }
    Reply put(String p, Object body) { return send("PUT", p, body); }
    Reply patch(String p, Object body) { return send("PATCH", p, body); }
    Reply post(String p, Object body) { return send("POST", p, body); }
    Reply delete(String p) { return send("DELETE", p, null); }

    /** Creates a job from the import example under another name. */
    Reply createImport(String rg, String name) throws IOException {
        return put(jobUrl(rg, name), example("CreateJob.json", "parameters", "body"));
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}

package waybill.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import waybill.api.OpenApiContract;
import waybill.api.TestServer;
import waybill.json.Mappers;

/** A small client of a running service (in this JVM or another), with one key; and the job set-up the trust tests share. */
final class Http {
    static final ObjectMapper JSON = Mappers.json();
    static final String V = TestServer.V;
    static final String DRIVE = "9CA995BB";

    record Reply(int status, String text) {
        JsonNode json() {
            try {
                return text.isBlank() ? null : JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    final String base;
    final String key;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http(String base, String key) {
        this.base = base;
        this.key = key;
    }

    Reply send(String method, String path, Object body) throws IOException, InterruptedException {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
                .header("Authorization", "Bearer " + key);
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        // every answer is held to the served OpenAPI document: a drift fails the test that sent the request
        OpenApiContract.get()
                .check(
                        method,
                        path,
                        r.statusCode(),
                        r.headers().firstValue("Content-Type").orElse(null),
                        r.body());
        return new Reply(r.statusCode(), r.body());
    }

    static String jobId(String sub, String rg, String name) {
        return TestServer.jobPath(sub, rg, name);
    }

    /** Creates an import job (one drive) and brings it to Transferring: create, ship, package arrives, copy starts. */
    void transferringJob(String jobId) throws Exception {
        JsonNode create = TestServer.example("CreateJob.json", "parameters", "body");
        expect(201, send("PUT", jobId + "?" + V, create));
        expect(
                200,
                send(
                        "PATCH",
                        jobId + "?" + V,
                        Map.of(
                                "properties",
                                Map.of(
                                        "state",
                                        "Shipping",
                                        "deliveryPackage",
                                        Map.of("carrierName", "FedEx", "trackingNumber", "123456789")))));
        expect(
                200,
                send(
                        "POST",
                        "/ops/facts",
                        Map.of("type", "PackageArrived", "jobId", jobId, "driveIds", List.of(DRIVE))));
        expect(
                200,
                send("POST", "/ops/facts", Map.of("type", "DriveTransferStarted", "jobId", jobId, "driveId", DRIVE)));
        JsonNode job = expect(200, send("GET", jobId + "?" + V, null)).json();
        if (!"Transferring".equals(job.at("/properties/state").asText())) {
            throw new AssertionError("set-up did not reach Transferring: " + job);
        }
    }

    static Map<String, Object> progress(String jobId, String factId, int percent) {
        return Map.of(
                "type",
                "DriveProgress",
                "jobId",
                jobId,
                "driveId",
                DRIVE,
                "percentComplete",
                percent,
                "factId",
                factId);
    }

    JsonNode history(String jobId) throws Exception {
        return expect(
                        200,
                        send(
                                "GET",
                                "/ops/history?jobId="
                                        + java.net.URLEncoder.encode(jobId, java.nio.charset.StandardCharsets.UTF_8),
                                null))
                .json();
    }

    static Reply expect(int status, Reply r) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + ", got " + r.status() + ": " + r.text());
        }
        return r;
    }
}

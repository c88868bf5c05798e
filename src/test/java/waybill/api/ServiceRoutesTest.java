package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, metrics, the OpenAPI description and docs, locations and operations. */
class ServiceRoutesTest {
    static TestServer app;

    @BeforeAll
    static void boot() {
        app = TestServer.manual();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthSaysTheStoreAndRulesAreUp() {
        TestServer.Reply r = app.get("/health");
        assertEquals(200, r.status());
        assertEquals("UP", r.json().get("status").asText());
        assertTrue(r.json().at("/rules/revision").asText().length() > 0);
    }

    @Test
    void theInstanceNamesItselfInHealthDecisionsHistoryAndActivations() throws Exception {
        String node = app.get("/health").json().get("node").asText();
        assertTrue(node.endsWith(":" + app.server.port()), "default host:port, the port it listens on: " + node);
        app.createImport("rg-node", "job1");
        TestServer.Reply d = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "PackageArrived",
                        "jobId",
                        TestServer.jobPath("rg-node", "job1"),
                        "driveIds",
                        java.util.List.of("9CA995BB"),
                        "factId",
                        "node-1"));
        assertEquals(200, d.status(), d.text());
        assertEquals(node, d.json().get("decidedBy").asText());
        TestServer.Reply h = app.get("/ops/history?jobId=" + TestServer.jobPath("rg-node", "job1"));
        assertEquals(2, h.json().size(), h.text());
        for (JsonNode e : h.json()) {
            assertEquals(node, e.get("decidedBy").asText(), e.toString());
        }
        assertEquals(node, app.get("/ops/rules").json().at("/activation/node").asText());
    }

    @Test
    void metricsCountRequestsByRouteDecisionsAndRuleFirings() throws Exception {
        app.createImport("rg-metrics", "job1");
        app.get(TestServer.jobUrl("rg-metrics", "job1"));
        TestServer.Reply r = app.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(
                r.text()
                        .contains(
                                "http_server_requests_seconds_count{method=\"GET\",route=\"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{jobName}\",status=\"200\"}"),
                r.text());
        assertTrue(r.text().contains("waybill_decisions_total{fact=\"CreateJob\",outcome=\"accepted\"}"), r.text());
        assertTrue(r.text().contains("waybill_rule_firings_total{rule=\"A new job starts in Creating\"}"), r.text());
        assertTrue(r.text().contains("waybill_timers_overdue_seconds"), r.text());
    }

    @Test
    void theOpenApiDescriptionNamesEveryRoute() {
        TestServer.Reply r = app.get("/openapi.json");
        assertEquals(200, r.status());
        JsonNode paths = r.json().get("paths");
        for (String p : new String[] {
            "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}",
            "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs",
            "/subscriptions/{subscriptionId}/providers/Microsoft.ImportExport/jobs",
            "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}/listBitLockerKeys",
            "/providers/Microsoft.ImportExport/locations",
            "/providers/Microsoft.ImportExport/locations/{locationName}",
            "/providers/Microsoft.ImportExport/operations",
            "/ops/facts",
            "/ops/actions",
            "/ops/actions/{id}/complete",
            "/ops/history",
            "/ops/rules",
            "/ops/rules/reload",
            "/ops/clock",
            "/health",
            "/metrics",
            "/openapi.json",
            "/docs"
        }) {
            assertTrue(paths.has(p), "openapi.json lacks " + p);
        }
    }

    @Test
    void theDocsPageLoadsSwaggerUiFromTheService() {
        TestServer.Reply page = app.get("/docs");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("/openapi.json"));
        assertEquals(
                200,
                app.get("/webjars/swagger-ui/" + ServiceRoutes.SWAGGER_UI + "/swagger-ui-bundle.js")
                        .status());
    }

    @Test
    void theDocsPageRunsOnlyItsOwnScriptsAndCannotBeFramed() throws Exception {
        TestServer.Reply page = app.get("/docs");
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(policy.contains("default-src 'none'"), policy);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        // the page's one inline script runs by its hash; no other inline script would
        String inline = page.text().replaceAll("(?s).*<script>(.*?)</script>.*", "$1");
        String hash = java.util.Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(inline.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(policy.contains("script-src 'self' 'sha256-" + hash + "';"), policy);
    }

    @Test
    void locationsAndOperationsAreListed() {
        TestServer.Reply all = app.get("/providers/Microsoft.ImportExport/locations?" + TestServer.V);
        assertEquals(200, all.status(), all.text());
        assertTrue(all.json().get("value").size() >= 1);
        TestServer.Reply one = app.get("/providers/Microsoft.ImportExport/locations/westus?" + TestServer.V);
        assertEquals(200, one.status(), one.text());
        assertEquals("West US", one.json().get("name").asText());
        assertEquals("Santa Clara", one.json().at("/properties/city").asText());
        assertEquals(
                404,
                app.get("/providers/Microsoft.ImportExport/locations/atlantis?" + TestServer.V)
                        .status());
        TestServer.Reply ops = app.get("/providers/Microsoft.ImportExport/operations?" + TestServer.V);
        assertEquals(200, ops.status());
        assertTrue(ops.json().get("value").size() > 0);
    }

    @Test
    void anUnknownRouteIsA404InTheErrorShape() {
        TestServer.Reply r = app.get("/nowhere");
        assertEquals(404, r.status());
        assertEquals("RouteNotFound", r.json().at("/error/code").asText());
    }

    @Test
    void unknownFieldsInTheClockBodyAre400() {
        assertEquals(
                400,
                app.post("/ops/clock", Map.of("advance", "P1D", "speed", 2)).status());
    }
}

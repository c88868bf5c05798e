package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document describes every route the server registers (a new undocumented route fails
 * here), is the document {@code GET /openapi.json} serves, and the contract the harness holds every answer
 * to really refuses drifts.
 */
class OpenApiDocumentTest {
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.manual();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void everyRegisteredRouteIsInTheDocumentAndNothingElseIs() {
        Set<String> registered = new TreeSet<>();
        for (String r : s.server.routes()) {
            registered.add(normalized(r));
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = OpenApiContract.get().document().get("paths");
        paths.fieldNames()
                .forEachRemaining(p -> paths.get(p).fieldNames().forEachRemaining(m -> {
                    if (Set.of("get", "put", "post", "patch", "delete", "head", "options")
                            .contains(m)) {
                        documented.add(normalized(m.toUpperCase(Locale.ROOT) + " " + p));
                    }
                }));
        // the Swagger UI's static files are served by Javalin's webjar handler, not a route
        documented.remove(normalized("GET /webjars/swagger-ui/{version}/{file}"));
        List<String> undocumented = new ArrayList<>(registered);
        undocumented.removeAll(documented);
        List<String> unserved = new ArrayList<>(documented);
        unserved.removeAll(registered);
        assertEquals(List.of(), undocumented, "routes the server registers that /openapi.json does not describe");
        assertEquals(List.of(), unserved, "operations /openapi.json describes that the server does not register");
        assertTrue(
                registered.contains("GET /health") && registered.contains("POST /ops/rules/dry-run"),
                registered.toString());
    }

    @Test
    void theServedDocumentIsTheCheckedOne() {
        TestServer.Reply r = s.sendAs(null, "GET", "/openapi.json", null);
        assertEquals(200, r.status());
        assertEquals(OpenApiContract.get().document(), r.json());
    }

    @Test
    void theContractRefusesDrift() {
        OpenApiContract c = OpenApiContract.get();
        String job = TestServer.jobPath("rg", "j") + "?" + TestServer.V;
        // an extra property where additionalProperties is false
        assertThrows(
                AssertionError.class,
                () -> c.check("GET", job, 200, "application/json", "{\"name\":\"j\",\"extra\":1}"));
        // a wrong type
        assertThrows(AssertionError.class, () -> c.check("GET", job, 200, "application/json", "{\"name\":5}"));
        // a null where none is allowed
        assertThrows(AssertionError.class, () -> c.check("GET", job, 200, "application/json", "{\"tags\":null}"));
        // a status the operation does not document, a route the document does not have, a method it lacks
        assertThrows(AssertionError.class, () -> c.check("GET", job, 302, "application/json", "{}"));
        assertThrows(AssertionError.class, () -> c.check("GET", "/ops/secret", 200, "application/json", "{}"));
        assertThrows(AssertionError.class, () -> c.check("PUT", "/health", 200, "application/json", "{}"));
        // a body where none is documented, a media type not documented
        assertThrows(AssertionError.class, () -> c.check("DELETE", job, 200, "application/json", "{\"x\":1}"));
        assertThrows(AssertionError.class, () -> c.check("GET", "/health", 200, "text/plain", "UP"));
        // and what agrees passes
        c.check("GET", job, 200, "application/json", "{\"name\":\"j\",\"tags\":{}}");
        c.check(
                "GET",
                "/no/such/route",
                404,
                "application/json",
                "{\"error\":{\"code\":\"RouteNotFound\",\"message\":\"m\",\"target\":\"/no/such/route\",\"details\":[]}}");
    }

    @Test
    void theRequestSchemasAcceptWhatTheServiceAcceptsAndChooseAFactByItsType() throws Exception {
        OpenApiContract c = OpenApiContract.get();
        for (String example : List.of("CreateJob.json", "CreateExportJob.json")) {
            String body = TestServer.JSON.writeValueAsString(TestServer.example(example, "parameters", "body"));
            assertEquals(List.of(), c.errors("#/components/schemas/PutJobParameters", body), example);
        }
        String job = TestServer.jobPath("rg", "j");
        for (String fact : List.of(
                "{\"type\":\"PackageArrived\",\"jobId\":\"" + job + "\",\"driveIds\":[\"D1\"],\"factId\":\"f\"}",
                "{\"type\":\"DriveProgress\",\"jobId\":\"" + job + "\",\"driveId\":\"D1\",\"percentComplete\":5}",
                "{\"type\":\"CustomerResponded\",\"jobId\":\"" + job
                        + "\",\"response\":\"ExtendWait\",\"extendDays\":3}",
                "{\"type\":\"UpdateJob\",\"jobId\":\"" + job + "\",\"request\":{\"tags\":{\"a\":\"b\"}}}",
                "{\"type\":\"ReturnAddressInvalid\",\"jobId\":\"" + job + "\"}")) {
            assertEquals(List.of(), c.errors("#/components/schemas/Fact", fact), fact);
        }
        // the discriminator picks the type's schema: a field of another type, an unknown type, no jobId are refused
        for (String wrong : List.of(
                "{\"type\":\"PackageArrived\",\"jobId\":\"" + job + "\",\"percentComplete\":5}",
                "{\"type\":\"TimerFired\",\"jobId\":\"" + job + "\"}",
                "{\"type\":\"DeleteJob\"}")) {
            assertTrue(!c.errors("#/components/schemas/Fact", wrong).isEmpty(), wrong);
        }
        // no schema in the document uses "not" (it defeats generators such as Schemathesis')
        assertTrue(!c.document().toString().contains("\"not\":"), "a schema uses not");
    }

    @Test
    void aRequestJettyRefusesBeforeAnyRouteGetsTheErrorBodyNotAnHtmlPage() {
        TestServer.Reply r = s.raw(
                "POST",
                "/%2e%2e/ops/facts",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of(
                        "Content-Type", "application/json", "Authorization", "Bearer " + TestServer.ADMIN_KEY));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.text());
        assertEquals("InvalidRequest", r.json().at("/error/code").asText(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("malformed"), r.text());
    }

    /** "GET /a/{x}/b" with parameter names dropped: Javalin's and the document's names differ. */
    private static String normalized(String route) {
        return route.replaceAll("\\{[^}]*}", "{}");
    }
}

package waybill.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.ADMIN_KEY;
import static waybill.api.TestServer.CUSTOMER_KEY;
import static waybill.api.TestServer.OPERATOR_KEY;
import static waybill.api.TestServer.OTHER_CUSTOMER_KEY;
import static waybill.api.TestServer.SUB;
import static waybill.api.TestServer.SUB2;
import static waybill.api.TestServer.V;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.access.AdminKey;
import waybill.access.ApiKeys;
import waybill.access.Role;
import waybill.api.TestServer;
import waybill.api.TestServer.Reply;
import waybill.config.ServiceConfig;

/** Keys and roles: 401 and 403, what each role reaches, and customers kept inside their subscriptions. */
class AuthTest {
    static TestServer s;
    static final String RG = "auth-rg";

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.manual();
        assertEquals(
                201,
                s.sendAs(
                                CUSTOMER_KEY,
                                "PUT",
                                TestServer.jobUrl(RG, "mine"),
                                TestServer.example("CreateJob.json", "parameters", "body"))
                        .status());
        assertEquals(
                201,
                s.sendAs(
                                OTHER_CUSTOMER_KEY,
                                "PUT",
                                TestServer.jobPath(SUB2, RG, "theirs") + "?" + V,
                                TestServer.createBodyIn(SUB2))
                        .status());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String theirs(String suffix) {
        return TestServer.jobPath(SUB2, RG, "theirs") + suffix;
    }

    @Test
    void everyRouteButThePublicDocumentsNeedsAKey() {
        assertEquals(200, s.sendAs(null, "GET", "/health", null).status());
        for (String[] r : List.of(
                new String[] {"GET", "/metrics"},
                new String[] {"GET", "/ops/rules"},
                new String[] {"POST", "/ops/facts"},
                new String[] {"GET", "/ops/clock"},
                new String[] {"GET", "/ops/rules/history"},
                new String[] {"POST", "/ops/rules/dry-run"},
                new String[] {"GET", TestServer.jobUrl(RG, "mine")},
                new String[] {"GET", "/no/such/route"},
                new String[] {"GET", "/providers/Microsoft.ImportExport/locations?" + V})) {
            Reply none = s.sendAs(null, r[0], r[1], null);
            assertEquals(401, none.status(), r[1] + ": " + none.text());
            assertEquals("AuthenticationFailed", none.json().at("/error/code").asText());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            Reply wrong = s.sendAs("not-a-key-of-this-service-000000", r[0], r[1], null);
            assertEquals(401, wrong.status(), r[1]);
            assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        }
        Reply basic = s.raw("GET", "/metrics", null, Map.of("Authorization", "Basic " + ADMIN_KEY));
        assertEquals(401, basic.status());
        // a key's message never quotes the key
        assertFalse(s.sendAs("secret-guess-0000000000000000000", "GET", "/metrics", null)
                .text()
                .contains("secret-guess"));
    }

    @Test
    void theApiDescriptionAndItsSwaggerPageArePublicAndTheirAuthorizeButtonTakesABearerKey() {
        Reply doc = s.sendAs(null, "GET", "/openapi.json", null);
        assertEquals(200, doc.status(), doc.text());
        assertEquals(
                "bearer",
                doc.json().at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals(
                "http", doc.json().at("/components/securitySchemes/bearer/type").asText());
        // every operation needs the key but the public documents
        assertTrue(
                doc.json().at("/security/0").has("bearer"),
                doc.json().get("security").toString());
        for (String p : List.of("/health", "/openapi.json", "/docs")) {
            assertEquals(
                    0,
                    doc.json()
                            .at("/paths/" + p.replace("/", "~1") + "/get/security")
                            .size(),
                    p);
        }
        Reply page = s.sendAs(null, "GET", "/docs", null);
        assertEquals(200, page.status());
        assertTrue(page.text().contains("url: \"/openapi.json\""), page.text());
        String bundle = page.text().replaceAll("(?s).*src=\"(/webjars/[^\"]+\\.js)\".*", "$1");
        assertEquals(200, s.sendAs(null, "GET", bundle, null).status(), bundle);
        // a wrong key does not spoil a public document; everything else still refuses it
        assertEquals(
                200,
                s.sendAs("not-a-key-of-this-service-000000", "GET", "/openapi.json", null)
                        .status());
        assertEquals(
                401,
                s.sendAs("not-a-key-of-this-service-000000", "GET", "/metrics", null)
                        .status());
        // and the key the Authorize button sends works for Try it out
        assertEquals(
                200,
                s.sendAs(CUSTOMER_KEY, "GET", TestServer.jobUrl(RG, "mine"), null)
                        .status());
    }

    @Test
    void theCustomerSeesOnlyItsOwnSubscription() throws Exception {
        assertEquals(
                200,
                s.sendAs(CUSTOMER_KEY, "GET", TestServer.jobUrl(RG, "mine"), null)
                        .status());
        assertEquals(
                200,
                s.sendAs(CUSTOMER_KEY, "POST", TestServer.jobPath(RG, "mine") + "/listBitLockerKeys?" + V, null)
                        .status());
        // another tenant's job: 404, and exactly the answer for a subscription or job that does not exist
        Reply existing = s.sendAs(CUSTOMER_KEY, "GET", theirs("?" + V), null);
        Reply missingJob = s.sendAs(CUSTOMER_KEY, "GET", TestServer.jobPath(SUB2, RG, "nobody") + "?" + V, null);
        assertEquals(404, existing.status());
        assertEquals(existing.text(), missingJob.text());
        assertFalse(existing.text().contains("theirs"));
        Reply missingSub = s.sendAs(
                CUSTOMER_KEY,
                "GET",
                TestServer.jobPath("33333333-3333-3333-3333-333333333333", RG, "theirs") + "?" + V,
                null);
        assertEquals(404, missingSub.status());
        assertEquals(existing.json().at("/error/code"), missingSub.json().at("/error/code"));
        JsonNode body = TestServer.example("CreateJob.json", "parameters", "body");
        for (String[] r : List.of(
                new String[] {"PUT", theirs("?" + V)},
                new String[] {"PATCH", theirs("?" + V)},
                new String[] {"DELETE", theirs("?" + V)},
                new String[] {"POST", theirs("/listBitLockerKeys?" + V)},
                new String[] {"GET", "/subscriptions/" + SUB2 + "/providers/Microsoft.ImportExport/jobs?" + V},
                new String[] {
                    "GET",
                    "/subscriptions/" + SUB2 + "/resourceGroups/" + RG + "/providers/Microsoft.ImportExport/jobs?" + V
                })) {
            Reply a = s.sendAs(
                    CUSTOMER_KEY,
                    r[0],
                    r[1],
                    r[0].equals("PUT") ? body : r[0].equals("PATCH") ? Map.of("tags", Map.of()) : null);
            assertEquals(404, a.status(), r[0] + " " + r[1] + ": " + a.text());
            assertEquals("SubscriptionNotFound", a.json().at("/error/code").asText());
        }
        // ... and nothing changed there
        Reply still = s.sendAs(OTHER_CUSTOMER_KEY, "GET", theirs("?" + V), null);
        assertEquals(200, still.status());
        assertEquals("Creating", still.json().at("/properties/state").asText());
        // the own listing shows only its own jobs
        Reply list = s.sendAs(
                CUSTOMER_KEY, "GET", "/subscriptions/" + SUB + "/providers/Microsoft.ImportExport/jobs?" + V, null);
        assertEquals(200, list.status());
        for (JsonNode j : list.json().get("value")) {
            assertTrue(j.get("id").asText().startsWith("/subscriptions/" + SUB + "/"));
        }
        // encodings of a foreign subscription are still foreign
        assertEquals(
                404,
                s.sendAs(
                                CUSTOMER_KEY,
                                "GET",
                                "/subscriptions/" + SUB2.replace("2", "%32") + "/resourceGroups/" + RG
                                        + "/providers/Microsoft.ImportExport/jobs/theirs?" + V,
                                null)
                        .status());
    }

    @Test
    void customersHaveNoOperationsRoutes() {
        for (String[] r : List.of(
                new String[] {"POST", "/ops/facts"},
                new String[] {"GET", "/ops/actions"},
                new String[] {"GET", "/ops/history?jobId=x"},
                new String[] {"GET", "/ops/rules"},
                new String[] {"POST", "/ops/rules/reload"},
                new String[] {"GET", "/ops/clock"},
                new String[] {"POST", "/ops/clock"},
                new String[] {"POST", "/ops/actions/a1/complete"})) {
            Reply a = s.sendAs(CUSTOMER_KEY, r[0], r[1], r[0].equals("POST") ? Map.of() : null);
            assertEquals(403, a.status(), r[1] + ": " + a.text());
            assertEquals("AuthorizationFailed", a.json().at("/error/code").asText());
        }
        for (String p : List.of(
                "/metrics",
                "/openapi.json",
                "/docs",
                "/providers/Microsoft.ImportExport/locations?" + V,
                "/providers/Microsoft.ImportExport/operations?" + V)) {
            assertEquals(200, s.sendAs(CUSTOMER_KEY, "GET", p, null).status(), p);
        }
    }

    @Test
    void operatorsReadJobsAndWorkFactsButDoNotWriteJobsReloadDryRunOrMoveTheClock() throws Exception {
        assertEquals(200, s.sendAs(OPERATOR_KEY, "GET", theirs("?" + V), null).status());
        assertEquals(
                200,
                s.sendAs(
                                OPERATOR_KEY,
                                "GET",
                                "/subscriptions/" + SUB2 + "/providers/Microsoft.ImportExport/jobs?" + V,
                                null)
                        .status());
        assertEquals(
                403,
                s.sendAs(OPERATOR_KEY, "PATCH", theirs("?" + V), Map.of("tags", Map.of()))
                        .status());
        assertEquals(
                403, s.sendAs(OPERATOR_KEY, "DELETE", theirs("?" + V), null).status());
        assertEquals(
                403,
                s.sendAs(
                                OPERATOR_KEY,
                                "PUT",
                                TestServer.jobUrl(RG, "op-made"),
                                TestServer.example("CreateJob.json", "parameters", "body"))
                        .status());
        assertEquals(
                403,
                s.sendAs(OPERATOR_KEY, "POST", theirs("/listBitLockerKeys?" + V), null)
                        .status());
        String jobId = TestServer.jobPath(SUB2, RG, "theirs");
        Map<String, Object> fact = Map.of("type", "ReturnAddressInvalid", "jobId", jobId);
        Reply f = s.sendAs(OPERATOR_KEY, "POST", "/ops/facts", fact);
        assertTrue(f.status() < 500 && f.status() != 401 && f.status() != 403, f.text());
        assertEquals(
                403,
                s.sendAs(OPERATOR_KEY, "POST", "/ops/facts?dryRun=true", fact).status());
        Reply adminDry = s.sendAs(ADMIN_KEY, "POST", "/ops/facts?dryRun=true", fact);
        assertTrue(adminDry.status() != 401 && adminDry.status() != 403 && adminDry.status() < 500, adminDry.text());
        assertEquals(200, s.sendAs(OPERATOR_KEY, "GET", "/ops/actions", null).status());
        assertEquals(
                200,
                s.sendAs(OPERATOR_KEY, "GET", "/ops/history?jobId=" + jobId, null)
                        .status());
        assertEquals(200, s.sendAs(OPERATOR_KEY, "GET", "/ops/rules", null).status());
        assertEquals(200, s.sendAs(OPERATOR_KEY, "GET", "/ops/clock", null).status());
        assertEquals(
                403, s.sendAs(OPERATOR_KEY, "POST", "/ops/rules/reload", null).status());
        Reply dry = s.sendAs(OPERATOR_KEY, "POST", "/ops/rules/dry-run", Map.of());
        assertEquals(403, dry.status(), dry.text());
        assertEquals(
                403,
                s.sendAs(OPERATOR_KEY, "POST", "/ops/clock", Map.of("advance", "PT1H"))
                        .status());
        assertEquals(200, s.sendAs(ADMIN_KEY, "POST", "/ops/rules/reload", null).status());
        assertEquals(
                200,
                s.sendAs(ADMIN_KEY, "POST", "/ops/clock", Map.of("advance", "PT1S"))
                        .status());
    }

    @Test
    void keysParseFromTextAndYamlAndRefuseWeakOnes(@TempDir Path dir) throws Exception {
        ApiKeys k = ApiKeys.parse("aaaaaaaaaaaaaaaaaaaa=admin, bbbbbbbbbbbbbbbbbbbb=customer:S1|S2", "env");
        assertEquals(
                Role.ADMIN, k.authenticate("aaaaaaaaaaaaaaaaaaaa").orElseThrow().role());
        assertTrue(k.authenticate("bbbbbbbbbbbbbbbbbbbb").orElseThrow().owns("S2"));
        assertFalse(k.authenticate("bbbbbbbbbbbbbbbbbbbb").orElseThrow().owns("S3"));
        assertTrue(k.authenticate("aaaaaaaaaaaaaaaaaaab").isEmpty());
        assertTrue(k.authenticate("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("short=admin", "env"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("aaaaaaaaaaaaaaaaaaaa=root", "env"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("aaaaaaaaaaaaaaaaaaaa=customer", "env"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("aaaaaaaaaaaaaaaaaaaa=admin:S1", "env"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ApiKeys.parse("aaaaaaaaaaaaaaaaaaaa=admin,aaaaaaaaaaaaaaaaaaaa=operator", "env"));
        assertFalse(e.getMessage().contains("aaaa"), e.getMessage());
        Path yaml = dir.resolve("keys.yaml");
        Files.writeString(yaml, "cccccccccccccccccccc: operator\ndddddddddddddddddddd: \"customer:S9\"\n");
        ApiKeys y = ApiKeys.read(yaml);
        assertEquals(
                Role.OPERATOR,
                y.authenticate("cccccccccccccccccccc").orElseThrow().role());
        assertTrue(y.authenticate("dddddddddddddddddddd").orElseThrow().owns("S9"));
        Files.writeString(yaml, "- eeeeeeeeeeeeeeeeeeee=admin\n");
        assertEquals(
                Role.ADMIN,
                ApiKeys.read(yaml)
                        .authenticate("eeeeeeeeeeeeeeeeeeee")
                        .orElseThrow()
                        .role());
        ServiceConfig c = ServiceConfig.of(
                0,
                Path.of("rules"),
                dir,
                null,
                ServiceConfig.ClockMode.MANUAL,
                null,
                Path.of("config", "locations.yaml"),
                Map.of(ApiKeys.ENV, "ffffffffffffffffffff=operator"));
        assertEquals(1, c.keys().size());
    }

    @Test
    void theGeneratedAdminKeyIsKeptOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        AdminKey.Loaded first = AdminKey.ensure(dir.resolve("data"));
        assertTrue(first.created());
        assertTrue(first.key().length() >= 40);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())));
        assertFalse(AdminKey.tooOpen(first.file()));
        AdminKey.Loaded again = AdminKey.ensure(dir.resolve("data"));
        assertFalse(again.created());
        assertEquals(first.key(), again.key());
        assertNotNull(ApiKeys.parse(first.key() + "=admin", "x")
                .authenticate(first.key())
                .orElse(null));
    }

    @Test
    void noKeysConfiguredMeansNothingIsOpen() throws Exception {
        ServiceConfig c = ServiceConfig.of(
                0,
                Path.of("rules"),
                Path.of("target", "unused-data"),
                null,
                ServiceConfig.ClockMode.MANUAL,
                TestServer.START,
                Path.of("config", "locations.yaml"),
                Map.of());
        assertTrue(c.keys().isEmpty());
        try (var service = waybill.cli.Service.over(
                        c, new waybill.api.TestServerStores().memory(), waybill.delivery.DeliveryConfig.DEFAULT)
                .start()) {
            var server = service.server();
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://localhost:" + server.port() + "/ops/rules"))
                            .header("Authorization", "Bearer anything-at-all-000000000")
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
        }
    }
}

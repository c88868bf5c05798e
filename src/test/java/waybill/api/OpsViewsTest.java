package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The operators' read models over HTTP (api.md §4): board, job with timeline and time travel, calendar, diagrams. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsViewsTest {
    static TestServer app;
    static String shipped;
    static String beforeShipping;

    @BeforeAll
    static void boot() throws Exception {
        app = TestServer.manual();
        assertEquals(201, app.createImport("rg-ops", "shipped").status());
        assertEquals(201, app.createImport("rg-ops", "waiting").status());
        assertEquals(201, app.createImport("rg-other", "third").status());
        beforeShipping = app.get("/ops/clock").json().path("now").asText();
        assertEquals(
                200, app.send("POST", "/ops/clock", Map.of("advance", "PT1H")).status());
        TestServer.Reply ship = app.sendAs(
                TestServer.CUSTOMER_KEY,
                "PATCH",
                jobUrl("rg-ops", "shipped"),
                Map.of(
                        "properties",
                        Map.of(
                                "state",
                                "Shipping",
                                "deliveryPackage",
                                Map.of("carrierName", "FedEx", "trackingNumber", "123456789"))));
        assertEquals(200, ship.status(), ship.text());
        shipped = jobPath("rg-ops", "shipped");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theBoardCountsByStateFiltersAndPages() {
        JsonNode all = app.get("/ops/jobs").json();
        assertEquals(3, all.path("total").asInt(), all.toString());
        assertEquals(1, all.at("/counts/Shipping").asInt());
        assertEquals(2, all.at("/counts/Creating").asInt());
        assertEquals(0, all.at("/counts/Faulted").asInt());

        JsonNode shipping = app.get("/ops/jobs?state=Shipping").json();
        assertEquals(1, shipping.path("value").size());
        assertEquals(shipped, shipping.at("/value/0/id").asText());
        assertEquals("package-arrival", shipping.at("/value/0/deadlines/0/name").asText());

        JsonNode byGroup = app.get("/ops/jobs?resourceGroup=rg-other").json();
        assertEquals(1, byGroup.path("total").asInt());
        assertEquals(1, app.get("/ops/jobs?name=WAIT").json().path("total").asInt());

        List<String> ids = new ArrayList<>();
        String next = "/ops/jobs?$top=2";
        while (next != null) {
            JsonNode page = app.get(next).json();
            page.path("value").forEach(r -> ids.add(r.path("id").asText()));
            next = page.path("nextLink").isTextual() ? page.path("nextLink").asText() : null;
        }
        assertEquals(3, ids.size(), ids.toString());
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @Test
    void badQueriesAreClear400s() {
        TestServer.Reply state = app.get("/ops/jobs?state=Lost");
        assertEquals(400, state.status());
        assertTrue(state.text().contains("state 'Lost'"), state.text());
        assertEquals(400, app.get("/ops/jobs?$top=0").status());
        assertEquals(400, app.get("/ops/jobs?$skipToken=!!!").status());
        assertEquals(400, app.get("/ops/job").status());
        assertEquals(
                400,
                app.get("/ops/job?jobId=" + enc(shipped) + "&asOf=yesterday").status());
        assertEquals(
                400,
                app.get("/ops/calendar?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z")
                        .status());
        assertEquals(400, app.get("/ops/rules/diagram?entity=parcel").status());
        assertEquals(400, app.get("/ops/rules/diagram?entity=job&format=png").status());
        assertEquals(
                404, app.get("/ops/job?jobId=" + enc(jobPath("rg-ops", "nope"))).status());
    }

    @Test
    void theJobCarriesItsTimelineWithTheRuleThatSetEachDeadline() {
        JsonNode job = app.get("/ops/job?jobId=" + enc(shipped)).json();
        assertEquals("Shipping", job.at("/job/state").asText(), job.toString());
        JsonNode first = job.at("/deadlines/0");
        assertEquals(
                "package-arrival",
                first.path("name").asText(),
                job.path("deadlines").toString());
        assertTrue(first.path("rule").asText().length() > 10, first.toString());
        assertEquals("shipping.drl", first.path("file").asText());
        assertTrue(first.path("line").asInt() > 0);
        assertTrue(first.at("/effect/transitions").toString().contains("NeverReceived"), first.toString());
        assertFalse(job.toString().contains("bitLockerKey"), "no BitLocker key leaves through /ops/job");
        JsonNode history = job.path("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals("contoso", history.at("/1/submittedBy").asText());
        assertEquals("ada", history.at("/0/submittedBy").asText());
    }

    @Test
    void timeTravelShowsTheJobCreatingBeforeItShipped() {
        JsonNode past = app.get("/ops/job?jobId=" + enc(shipped) + "&asOf=" + beforeShipping)
                .json();
        assertEquals("Creating", past.at("/job/state").asText(), past.toString());
        assertEquals(1, past.path("history").size());
        assertEquals("creating-expiry", past.at("/deadlines/0/name").asText());
        TestServer.Reply before = app.get("/ops/job?jobId=" + enc(shipped) + "&asOf=2020-01-01T00:00:00Z");
        assertEquals(404, before.status());
        assertTrue(before.text().contains("did not exist yet"), before.text());
    }

    @Test
    void aCustomerSeesOnlyItsSubscriptionsJobs() {
        assertEquals(
                3,
                app.sendAs(TestServer.CUSTOMER_KEY, "GET", "/ops/jobs", null)
                        .json()
                        .path("total")
                        .asInt());
        JsonNode other = app.sendAs(TestServer.OTHER_CUSTOMER_KEY, "GET", "/ops/jobs", null)
                .json();
        assertEquals(0, other.path("total").asInt(), other.toString());
        assertEquals(0, other.path("value").size());
        assertEquals(
                404,
                app.sendAs(TestServer.OTHER_CUSTOMER_KEY, "GET", "/ops/job?jobId=" + enc(shipped), null)
                        .status());
        assertEquals(
                403,
                app.sendAs(TestServer.CUSTOMER_KEY, "GET", "/ops/calendar", null)
                        .status());
        JsonNode me = app.sendAs(TestServer.OTHER_CUSTOMER_KEY, "GET", "/ops/me", null)
                .json();
        assertEquals("fabrikam", me.path("name").asText());
        assertEquals("customer", me.path("role").asText());
        assertEquals(TestServer.SUB2, me.at("/subscriptions/0").asText());
    }

    @Test
    void theCalendarListsPendingDeadlinesByDay() {
        JsonNode cal = app.get("/ops/calendar?to=" + "2026-04-30T00:00:00Z").json();
        List<String> names = new ArrayList<>();
        cal.path("days")
                .forEach(d -> d.path("deadlines")
                        .forEach(x -> names.add(x.path("name").asText())));
        assertTrue(names.contains("package-arrival"), cal.toString());
        assertEquals(2, names.stream().filter("creating-expiry"::equals).count(), names.toString());
        JsonNode week = app.get("/ops/calendar?to=2026-03-05T00:00:00Z").json();
        assertEquals(0, week.path("days").size(), "nothing falls due in the first three days: " + week);
    }

    @Test
    void theDiagramsShowEveryStateAndTheRulesTransitions() {
        JsonNode job = app.get("/ops/rules/diagram?entity=job&format=json").json();
        assertEquals(8, job.path("states").size());
        assertTrue(job.path("scenarios").asInt() > 10);
        boolean shipping = false;
        boolean faulted = false;
        for (JsonNode e : job.path("edges")) {
            shipping |= e.path("from").asText().equals("Creating")
                    && e.path("to").asText().equals("Shipping");
            faulted |=
                    e.path("to").asText().equals("Faulted") && e.path("rules").size() > 0;
        }
        assertTrue(shipping && faulted, job.path("edges").toString());
        TestServer.Reply svg = app.get("/ops/rules/diagram?entity=drive");
        assertEquals(200, svg.status());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        for (String s : List.of(
                "Specified", "Received", "NeverReceived", "Transferring", "Completed", "ShippedBack", "Faulted")) {
            assertTrue(svg.text().contains("data-state=\"" + s + "\""), s);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // moves the clock: last
    void completingAnActionRecordsWhoCompletedIt() {
        assertEquals(
                200, app.send("POST", "/ops/clock", Map.of("advance", "P15D")).status());
        JsonNode open = app.get("/ops/actions?status=open").json();
        assertTrue(open.size() > 0, open.toString());
        String id = open.get(0).path("id").asText();
        JsonNode done = app.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/actions/" + id + "/complete", null)
                .json();
        assertEquals("otto", done.path("completedBy").asText(), done.toString());
        assertNotNull(done.path("completedAt").asText());
    }
}

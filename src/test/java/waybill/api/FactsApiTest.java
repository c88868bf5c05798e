package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operators' facts, actions and history over HTTP. */
class FactsApiTest {
    static TestServer app;

    @BeforeAll
    static void boot() {
        app = TestServer.manual();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static void shipping(String rg) throws Exception {
        assertEquals(201, app.createImport(rg, "job1").status());
        assertEquals(
                200,
                app.patch(
                                jobUrl(rg, "job1"),
                                Map.of(
                                        "properties",
                                        Map.of(
                                                "state",
                                                "Shipping",
                                                "deliveryPackage",
                                                Map.of("carrierName", "FedEx", "trackingNumber", "1"))))
                        .status());
    }

    @Test
    void anArrivedPackageIsDecidedWithItsTransitionsFiredRulesAndTheJob() throws Exception {
        shipping("rg-arrive");
        TestServer.Reply r = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "PackageArrived",
                        "jobId",
                        jobPath("rg-arrive", "job1"),
                        "driveIds",
                        List.of("9CA995BB"),
                        "factId",
                        "arrive-1"));
        assertEquals(200, r.status(), r.text());
        JsonNode d = r.json();
        assertTrue(d.get("accepted").asBoolean());
        assertEquals("arrive-1", d.get("factId").asText());
        assertEquals(jobPath("rg-arrive", "job1"), d.get("jobId").asText());
        assertTrue(d.get("transitions").toString().contains("\"to\":\"Received\""), d.toString());
        assertTrue(d.get("firedRules").size() > 0);
        assertTrue(d.at("/firedRules/0/file").asText().endsWith(".drl"));
        assertTrue(d.at("/firedRules/0/line").asInt() > 0);
        assertFalse(d.get("rulesRevision").asText().isEmpty());
        assertEquals("Received", d.at("/job/properties/state").asText());
        assertFalse(r.text().contains("bitLockerKey"));
    }

    @Test
    void aRefusedFactIsA4xxWithTheRulesReasonsAndChangesNothing() throws Exception {
        assertEquals(201, app.createImport("rg-refuse", "job1").status());
        TestServer.Reply r = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "DrivesShippedBack",
                        "jobId",
                        jobPath("rg-refuse", "job1"),
                        "carrierName",
                        "FedEx",
                        "trackingNumber",
                        "9"));
        assertTrue(r.status() >= 400 && r.status() < 500, r.text());
        assertFalse(r.json().at("/decision/accepted").asBoolean());
        assertFalse(r.json().at("/decision/rejections/0/rule").asText().isEmpty());
        assertFalse(r.json().at("/decision/rejections/0/reason").asText().isEmpty());
        assertEquals(
                r.json().at("/decision/rejections/0/reason").asText().isEmpty(),
                r.json().at("/error/message").asText().isEmpty());
        assertEquals(
                "Creating",
                app.get(jobUrl("rg-refuse", "job1"))
                        .json()
                        .at("/properties/state")
                        .asText());
    }

    @Test
    void aFactForAnUnknownJobIs404() {
        TestServer.Reply r = app.post(
                "/ops/facts",
                Map.of("type", "DriveTransferStarted", "jobId", jobPath("rg-none", "ghost"), "driveId", "X"));
        assertEquals(404, r.status(), r.text());
    }

    @Test
    void aDryRunAnswersTheDecisionAndPersistsNothing() throws Exception {
        shipping("rg-dry");
        TestServer.Reply r = app.post(
                "/ops/facts?dryRun=true",
                Map.of(
                        "type",
                        "PackageArrived",
                        "jobId",
                        jobPath("rg-dry", "job1"),
                        "driveIds",
                        List.of("9CA995BB"),
                        "factId",
                        "dry-1"));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.json().get("dryRun").asBoolean());
        assertEquals("Received", r.json().at("/job/properties/state").asText());
        assertEquals(
                "Shipping",
                app.get(jobUrl("rg-dry", "job1")).json().at("/properties/state").asText());
        assertEquals(
                2,
                app.get("/ops/history?jobId=" + jobPath("rg-dry", "job1"))
                        .json()
                        .size());
        // the factId was not consumed by the dry run
        TestServer.Reply real = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "PackageArrived",
                        "jobId",
                        jobPath("rg-dry", "job1"),
                        "driveIds",
                        List.of("9CA995BB"),
                        "factId",
                        "dry-1"));
        assertFalse(real.json().get("dryRun").asBoolean());
        assertEquals(
                "Received",
                app.get(jobUrl("rg-dry", "job1")).json().at("/properties/state").asText());
    }

    @Test
    void theSameFactIdTwiceIsAppliedOnceAndAnswersTheFirstDecision() throws Exception {
        shipping("rg-idem");
        Map<String, Object> fact = Map.of(
                "type",
                "PackageArrived",
                "jobId",
                jobPath("rg-idem", "job1"),
                "driveIds",
                List.of("9CA995BB"),
                "factId",
                "idem-1");
        TestServer.Reply first = app.post("/ops/facts", fact);
        TestServer.Reply second = app.post("/ops/facts", fact);
        assertEquals(200, first.status(), first.text());
        assertEquals(200, second.status(), second.text());
        assertEquals(first.json().get("transitions"), second.json().get("transitions"));
        assertEquals(first.json().get("at"), second.json().get("at"));
        assertEquals(
                3,
                app.get("/ops/history?jobId=" + jobPath("rg-idem", "job1"))
                        .json()
                        .size());
    }

    @Test
    void anArrayOfFactsAnswersADecisionPerFact() throws Exception {
        shipping("rg-array");
        TestServer.Reply r = app.post(
                "/ops/facts",
                List.of(
                        Map.of(
                                "type",
                                "PackageArrived",
                                "jobId",
                                jobPath("rg-array", "job1"),
                                "driveIds",
                                List.of("9CA995BB")),
                        Map.of(
                                "type",
                                "DrivesShippedBack",
                                "jobId",
                                jobPath("rg-array", "nope"),
                                "carrierName",
                                "x",
                                "trackingNumber",
                                "y")));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.json().get(0).get("accepted").asBoolean());
        assertFalse(r.json().get(1).get("accepted").asBoolean());
    }

    @Test
    void aCustomerResponseIsTakenAsSpeltAndAMisspeltOneIs400NamingIt() throws Exception {
        shipping("rg-respond");
        TestServer.Reply typo = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "CustomerResponded",
                        "jobId",
                        jobPath("rg-respond", "job1"),
                        "response",
                        "ExtendWiat",
                        "extendDays",
                        3));
        assertEquals(400, typo.status(), typo.text());
        assertTrue(typo.json().at("/error/message").asText().contains("not \"ExtendWiat\""), typo.text());
        assertTrue(typo.json().at("/error/message").asText().contains("ExtendWait, Cancel"), typo.text());
        TestServer.Reply cancel = app.post(
                "/ops/facts",
                Map.of("type", "CustomerResponded", "jobId", jobPath("rg-respond", "job1"), "response", "Cancel"));
        assertEquals(200, cancel.status(), cancel.text());
        JsonNode cancelled = app.get(jobUrl("rg-respond", "job1")).json();
        assertEquals("Shipping", cancelled.at("/properties/state").asText(), cancelled.toString());
        assertTrue(cancelled.at("/properties/cancelRequested").asBoolean(), cancelled.toString());
    }

    @Test
    void clientsCannotSubmitTimers() {
        TestServer.Reply r = app.post(
                "/ops/facts",
                Map.of("type", "TimerFired", "jobId", jobPath("rg-t", "job1"), "name", "creating-expiry"));
        assertEquals(400, r.status(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("POST /ops/clock"));
    }

    @Test
    void anUnknownFactTypeOrFieldIs400() {
        assertEquals(
                400,
                app.post("/ops/facts", Map.of("type", "Teleported", "jobId", jobPath("rg-t", "j")))
                        .status());
        TestServer.Reply r = app.post(
                "/ops/facts", Map.of("type", "PackageArrived", "jobId", jobPath("rg-t", "j"), "colour", "red"));
        assertEquals(400, r.status());
        assertTrue(r.json().at("/error/message").asText().contains("'colour'"));
        assertEquals(400, app.post("/ops/facts", "[{").status());
        // an instant is ISO-8601 text, not seconds since 1970
        TestServer.Reply number = app.post(
                "/ops/facts",
                Map.of(
                        "type",
                        "PackageArrived",
                        "jobId",
                        jobPath("rg-t", "j"),
                        "driveIds",
                        java.util.List.of("9CA995BB"),
                        "at",
                        5));
        assertEquals(400, number.status(), number.text());
        assertTrue(number.json().at("/error/message").asText().contains("ISO-8601"), number.text());
    }

    @Test
    void actionsAreListedByStatusAndCanBeCompleted() throws Exception {
        TestServer.Reply r = app.post(
                "/ops/facts",
                Map.of("type", "PackageArrived", "jobId", jobPath("rg-act", "unknown"), "driveIds", List.of("D1")));
        assertEquals(200, r.status(), r.text());
        TestServer.Reply open = app.get("/ops/actions?status=open");
        assertEquals(200, open.status());
        JsonNode mine = null;
        for (JsonNode a : open.json()) {
            if (a.get("jobId").asText().equals(jobPath("rg-act", "unknown"))) {
                mine = a;
            }
        }
        assertTrue(mine != null, "drives arriving for no job ask operations to contact the customer: " + open.text());
        TestServer.Reply done = app.post("/ops/actions/" + mine.get("id").asText() + "/complete", null);
        assertEquals(200, done.status(), done.text());
        assertEquals("done", done.json().get("status").asText());
        assertTrue(app.get("/ops/actions?status=done")
                .text()
                .contains(mine.get("id").asText()));
        assertEquals(400, app.get("/ops/actions?status=maybe").status());
        assertEquals(404, app.post("/ops/actions/none/complete", null).status());
    }

    @Test
    void historyListsEveryDecisionOnAJobOldestFirst() throws Exception {
        shipping("rg-hist");
        TestServer.Reply h = app.get("/ops/history?jobId=" + jobPath("rg-hist", "job1"));
        assertEquals(200, h.status());
        assertEquals("CreateJob", h.json().get(0).get("factType").asText());
        assertEquals("UpdateJob", h.json().get(1).get("factType").asText());
        assertEquals("Shipping", h.json().get(1).get("stateAfter").asText());
        assertEquals(400, app.get("/ops/history").status());
    }
}

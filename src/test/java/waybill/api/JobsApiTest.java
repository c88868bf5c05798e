package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.example;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Azure Jobs resource over HTTP: create, get, update, delete, BitLocker keys, and what is refused. */
class JobsApiTest {
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
    void theImportExampleIsCreatedAndAnsweredWithTheExamplesFieldsAndTypes() throws Exception {
        JsonNode body = example("CreateJob.json", "parameters", "body");
        TestServer.Reply r = app.put(jobUrl("myResourceGroup", "myJob"), body);
        assertEquals(201, r.status(), r.text());
        JsonNode expected = example("CreateJob.json", "responses", "201", "body");
        ((ObjectNode) expected.get("properties").get("driveList").get(0)).remove("bitLockerKey");
        assertEquals(List.of(), shapeDifferences("", withoutDataCenter(expected), withoutDataCenter(r.json())));
        assertEquals(expected.get("id"), r.json().get("id"));
        // the example's data center address is a placeholder; the service answers the one its catalogue holds for
        // West US (config/locations.yaml, as the real service answered it)
        assertEquals(
                "3020 Coronado",
                r.json().at("/properties/shippingInformation/streetAddress1").asText(),
                r.text());
        assertEquals("Specified", r.json().at("/properties/driveList/0/state").asText());
        assertFalse(r.text().contains("bitLockerKey"));
    }

    @Test
    void theExportExampleIsCreatedAndAnsweredWithTheExamplesFieldsAndTypes() throws Exception {
        JsonNode body = example("CreateExportJob.json", "parameters", "body");
        TestServer.Reply r = app.put(jobUrl("myResourceGroup", "myExportJob"), body);
        assertEquals(201, r.status(), r.text());
        JsonNode expected = example("CreateExportJob.json", "responses", "201", "body");
        assertEquals(List.of(), shapeDifferences("", withoutDataCenter(expected), withoutDataCenter(r.json())));
        assertEquals("Creating", r.json().at("/properties/state").asText());
    }

    @Test
    void aCreatedJobIsReadBackWithoutItsBitLockerKeys() throws Exception {
        assertEquals(201, app.createImport("rg-get", "job1").status());
        TestServer.Reply r = app.get(jobUrl("rg-get", "job1"));
        assertEquals(200, r.status());
        assertEquals("job1", r.json().get("name").asText());
        assertEquals("Creating", r.json().at("/properties/state").asText());
        assertFalse(r.text().contains("bitLockerKey"));
        assertFalse(r.text().contains("238810-662376"));
    }

    @Test
    void anUnknownJobIs404WithAnArmError() {
        TestServer.Reply r = app.get(jobUrl("rg-get", "nope"));
        assertEquals(404, r.status());
        assertEquals("ResourceNotFound", r.json().at("/error/code").asText());
        assertNotNull(r.json().at("/error/message").asText());
    }

    @Test
    void aJobCreatedTwiceIsAConflictNamingTheRule() throws Exception {
        assertEquals(201, app.createImport("rg-twice", "job1").status());
        TestServer.Reply r = app.createImport("rg-twice", "job1");
        assertEquals(409, r.status(), r.text());
        assertEquals(
                "A job cannot be created twice", r.json().at("/error/target").asText());
        assertTrue(r.json().at("/error/details/0/message").asText().contains("already exists"));
    }

    @Test
    void anImportJobWithoutDrivesIsRefusedWithTheRulesReason() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateJob.json", "parameters", "body");
        ((ObjectNode) body.get("properties")).remove("driveList");
        TestServer.Reply r = app.put(jobUrl("rg-nodrives", "job1"), body);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("driveList is required"));
        assertEquals(404, app.get(jobUrl("rg-nodrives", "job1")).status());
    }

    @Test
    void shippingIsRefusedWithoutADeliveryPackageAndAcceptedWithOne() throws Exception {
        assertEquals(201, app.createImport("rg-ship", "job1").status());
        TestServer.Reply refused =
                app.patch(jobUrl("rg-ship", "job1"), Map.of("properties", Map.of("state", "Shipping")));
        assertTrue(refused.status() == 400 || refused.status() == 409, refused.text());
        assertEquals(
                "Creating",
                app.get(jobUrl("rg-ship", "job1"))
                        .json()
                        .at("/properties/state")
                        .asText());

        TestServer.Reply accepted = app.patch(
                jobUrl("rg-ship", "job1"),
                Map.of(
                        "properties",
                        Map.of(
                                "state",
                                "Shipping",
                                "deliveryPackage",
                                Map.of(
                                        "carrierName",
                                        "FedEx",
                                        "trackingNumber",
                                        "123456789",
                                        "driveCount",
                                        1,
                                        "shipDate",
                                        "2026-03-03"))));
        assertEquals(200, accepted.status(), accepted.text());
        assertEquals("Shipping", accepted.json().at("/properties/state").asText());
        assertEquals(
                "Shipping",
                app.get(jobUrl("rg-ship", "job1"))
                        .json()
                        .at("/properties/state")
                        .asText());
    }

    @Test
    void aCancelledCreatingJobCanBeDeletedAndIsThenGone() throws Exception {
        assertEquals(201, app.createImport("rg-cancel", "job1").status());
        TestServer.Reply cancel =
                app.patch(jobUrl("rg-cancel", "job1"), Map.of("properties", Map.of("cancelRequested", true)));
        assertEquals(200, cancel.status(), cancel.text());
        assertTrue(cancel.json().at("/properties/cancelRequested").asBoolean());
        TestServer.Reply del = app.delete(jobUrl("rg-cancel", "job1"));
        assertEquals(200, del.status(), del.text());
        assertEquals(404, app.get(jobUrl("rg-cancel", "job1")).status());
    }

    /** The generated Azure clients' UpdateJobParameters send both flags as false on every update. */
    static Map<String, Object> asGeneratedClientsSend(Map<String, Object> properties) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(properties);
        p.put("cancelRequested", false);
        p.put("backupDriveManifest", false);
        return p;
    }

    @Test
    void updatesAsGeneratedAzureClientsSendThemChangeTagsAndShipWithoutCancelling() throws Exception {
        assertEquals(201, app.createImport("rg-sdk", "job1").status());
        TestServer.Reply tags = app.patch(
                jobUrl("rg-sdk", "job1"),
                Map.of("tags", Map.of("owner", "ops"), "properties", asGeneratedClientsSend(Map.of())));
        assertEquals(200, tags.status(), tags.text());
        assertEquals("ops", tags.json().at("/tags/owner").asText());
        assertFalse(tags.json().at("/properties/cancelRequested").asBoolean());
        assertFalse(tags.json().at("/properties/backupDriveManifest").asBoolean());

        TestServer.Reply ship = app.patch(
                jobUrl("rg-sdk", "job1"),
                Map.of(
                        "properties",
                        asGeneratedClientsSend(Map.of(
                                "state",
                                "Shipping",
                                "deliveryPackage",
                                Map.of("carrierName", "FedEx", "trackingNumber", "123456789")))));
        assertEquals(200, ship.status(), ship.text());
        JsonNode got = app.get(jobUrl("rg-sdk", "job1")).json();
        assertEquals("Shipping", got.at("/properties/state").asText());
        assertEquals("ops", got.at("/tags/owner").asText());
        assertFalse(got.at("/properties/cancelRequested").asBoolean());
    }

    @Test
    void cancelRequestedFalseLeavesACancelledJobCancelled() throws Exception {
        assertEquals(201, app.createImport("rg-sdk", "job2").status());
        Map<String, Object> cancel = new java.util.LinkedHashMap<>(asGeneratedClientsSend(Map.of()));
        cancel.put("cancelRequested", true);
        assertEquals(
                200,
                app.patch(jobUrl("rg-sdk", "job2"), Map.of("properties", cancel))
                        .status());
        TestServer.Reply again = app.patch(
                jobUrl("rg-sdk", "job2"),
                Map.of("tags", Map.of("note", "cancelled"), "properties", asGeneratedClientsSend(Map.of())));
        assertEquals(200, again.status(), again.text());
        JsonNode got = app.get(jobUrl("rg-sdk", "job2")).json();
        assertTrue(got.at("/properties/cancelRequested").asBoolean(), got.toString());
        assertEquals("Creating", got.at("/properties/state").asText());
        assertTrue(got.at("/properties/percentComplete").isMissingNode(), got.toString());
        assertEquals("cancelled", got.at("/tags/note").asText());
    }

    @Test
    void aShippingJobCannotBeDeleted() throws Exception {
        assertEquals(201, app.createImport("rg-del", "job1").status());
        assertEquals(
                200,
                app.patch(
                                jobUrl("rg-del", "job1"),
                                Map.of(
                                        "properties",
                                        Map.of(
                                                "state",
                                                "Shipping",
                                                "deliveryPackage",
                                                Map.of("carrierName", "FedEx", "trackingNumber", "1"))))
                        .status());
        TestServer.Reply del = app.delete(jobUrl("rg-del", "job1"));
        assertEquals(409, del.status(), del.text());
        assertEquals(200, app.get(jobUrl("rg-del", "job1")).status());
    }

    @Test
    void deletingAnUnknownJobIs404() {
        assertEquals(404, app.delete(jobUrl("rg-del", "never")).status());
    }

    @Test
    void onlyListBitLockerKeysAnswersTheKeys() throws Exception {
        assertEquals(201, app.createImport("rg-keys", "job1").status());
        TestServer.Reply r =
                app.post(TestServer.jobPath("rg-keys", "job1") + "/listBitLockerKeys?" + TestServer.V, null);
        assertEquals(200, r.status(), r.text());
        assertEquals("9CA995BB", r.json().at("/value/0/driveId").asText());
        assertEquals(
                "238810-662376-448998-450120-652806-203390-606320-483076",
                r.json().at("/value/0/bitLockerKey").asText());
        TestServer.Reply history = app.get("/ops/history?jobId=" + TestServer.jobPath("rg-keys", "job1"));
        assertEquals(200, history.status(), history.text());
        assertFalse(history.text().contains("238810-662376"), history.text());
    }

    @Test
    void aMissingOrUnknownApiVersionIs400() throws Exception {
        TestServer.Reply missing = app.get(TestServer.jobPath("rg-get", "job1"));
        assertEquals(400, missing.status());
        assertEquals("MissingApiVersion", missing.json().at("/error/code").asText());
        assertEquals("api-version", missing.json().at("/error/target").asText());
        TestServer.Reply unknown = app.put(
                TestServer.jobPath("rg-v", "job1") + "?api-version=2019-01-01",
                example("CreateJob.json", "parameters", "body"));
        assertEquals(400, unknown.status());
        assertEquals("InvalidApiVersion", unknown.json().at("/error/code").asText());
        assertEquals(
                200,
                app.get(TestServer.jobPath("rg-v", "x")
                                        .replace("/resourceGroups/rg-v/providers/Microsoft.ImportExport/jobs/x", "")
                                + "/providers/Microsoft.ImportExport/jobs?api-version=2020-08-01")
                        .status());
    }

    @Test
    void malformedJsonIs400AndCreatesNothing() {
        TestServer.Reply r = app.put(jobUrl("rg-bad", "job1"), "{\"location\": \"West US\", ");
        assertEquals(400, r.status(), r.text());
        assertEquals("InvalidRequestContent", r.json().at("/error/code").asText());
        assertTrue(r.json().at("/error/message").asText().contains("not well-formed JSON"));
        assertEquals(404, app.get(jobUrl("rg-bad", "job1")).status());
    }

    @Test
    void anUnknownFieldIs400NamingTheField() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateJob.json", "parameters", "body");
        ((ObjectNode) body.get("properties").get("returnAddress")).put("fax", "none");
        TestServer.Reply r = app.put(jobUrl("rg-bad", "job2"), body);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("'fax'"));
        assertEquals(
                "properties.returnAddress.fax", r.json().at("/error/target").asText());
        assertEquals(404, app.get(jobUrl("rg-bad", "job2")).status());
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheField() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateJob.json", "parameters", "body");
        ((ObjectNode) body.get("properties")).put("backupDriveManifest", "yes");
        TestServer.Reply r = app.put(jobUrl("rg-bad", "job3"), body);
        assertEquals(400, r.status(), r.text());
        assertEquals(
                "properties.backupDriveManifest", r.json().at("/error/target").asText());
        ((ObjectNode) body.get("properties")).put("backupDriveManifest", true);
        ((ObjectNode) body.get("properties")).put("jobType", 5);
        assertEquals(400, app.put(jobUrl("rg-bad", "job3"), body).status());
    }

    @Test
    void aLocationWithoutADataCenterIs400() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateJob.json", "parameters", "body");
        body.put("location", "Atlantis");
        TestServer.Reply r = app.put(jobUrl("rg-bad", "job4"), body);
        assertEquals(400, r.status(), r.text());
        assertEquals("InvalidLocation", r.json().at("/error/code").asText());
    }

    /** An answer without the data center's address, which comes from the service's catalogue, not the request. */
    static JsonNode withoutDataCenter(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((ObjectNode) copy.get("properties")).remove("shippingInformation");
        return copy;
    }

    /** Every field of the expected answer is present with the same JSON type, and no other field is. */
    static List<String> shapeDifferences(String at, JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        if (actual == null) {
            out.add(at + ": missing");
            return out;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            out.add(at + ": " + expected.getNodeType() + " expected, " + actual.getNodeType() + " answered");
            return out;
        }
        if (expected.isObject()) {
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.addAll(shapeDifferences(at + "/" + f, expected.get(f), actual.get(f)));
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!expected.has(f)) {
                    out.add(at + "/" + f + ": not in the example");
                }
            }
        } else if (expected.isArray() && expected.size() > 0) {
            out.addAll(shapeDifferences(at + "/0", expected.get(0), actual.get(0)));
        }
        return out;
    }
}

package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An explicit null is no value in a request body: in an array, a map, a field, at any depth, on every route
 * that reads a body, it is a 400 InvalidRequestContent naming where it is, and nothing changes. (The one
 * documented exception: a dry run's {@code files: {path: null}} drops a file from the candidate.)
 */
class NullsInBodiesTest {
    static TestServer app;
    static final String RG = "rg-nulls";
    static String job;

    @BeforeAll
    static void boot() throws Exception {
        app = TestServer.manual();
        assertEquals(201, app.createImport(RG, "job1").status());
        job = jobPath(RG, "job1");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static void assertRefusedAt(String target, TestServer.Reply r) {
        assertEquals(400, r.status(), r.text());
        assertEquals("InvalidRequestContent", r.json().at("/error/code").asText(), r.text());
        assertEquals(target, r.json().at("/error/target").asText(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains(target), r.text());
    }

    private static String created(String properties) {
        return "{\"location\":\"West US\",\"properties\":{\"storageAccountId\":\"/subscriptions/" + TestServer.SUB
                + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa\",\"jobType\":\"Import\","
                + properties + "}}";
    }

    @Test
    void aNullDriveOnCreateOrUpdateIs400NamingItsIndexAndChangesNothing() {
        String before = app.get(jobUrl(RG, "job1")).text();
        assertRefusedAt(
                "properties.driveList[0]", app.put(jobUrl(RG, "new1"), "{\"properties\":{\"driveList\":[null]}}"));
        assertRefusedAt(
                "properties.driveList[1]",
                app.put(
                        jobUrl(RG, "new1"),
                        created("\"driveList\":[{\"driveId\":\"A1\",\"bitLockerKey\":\"k\"},null]")));
        assertRefusedAt(
                "properties.driveList[0]", app.patch(jobUrl(RG, "job1"), "{\"properties\":{\"driveList\":[null]}}"));
        assertEquals(404, app.get(jobUrl(RG, "new1")).status());
        assertEquals(before, app.get(jobUrl(RG, "job1")).text());
    }

    @Test
    void aNullObjectOrValueAtAnyDepthIs400NamingIt() {
        assertRefusedAt("properties", app.patch(jobUrl(RG, "job1"), "{\"properties\":null}"));
        assertRefusedAt(
                "properties.returnAddress", app.patch(jobUrl(RG, "job1"), "{\"properties\":{\"returnAddress\":null}}"));
        assertRefusedAt(
                "properties.deliveryPackage.carrierName",
                app.patch(
                        jobUrl(RG, "job1"),
                        "{\"properties\":{\"deliveryPackage\":{\"carrierName\":null,\"trackingNumber\":\"1\"}}}"));
        assertRefusedAt("tags.owner", app.patch(jobUrl(RG, "job1"), "{\"tags\":{\"owner\":null}}"));
        assertRefusedAt(
                "properties.export.blobList.blobPath[0]",
                app.put(jobUrl(RG, "new2"), created("\"export\":{\"blobList\":{\"blobPath\":[null]}}")));
        assertRefusedAt("location", app.put(jobUrl(RG, "new2"), "{\"location\":null}"));
        assertEquals(404, app.get(jobUrl(RG, "new2")).status());
    }

    @Test
    void aNullInAFactIs400NamingItAndDecidesNothing() {
        String history = app.get("/ops/history?jobId=" + job).text();
        assertRefusedAt(
                "driveIds[0]",
                app.post("/ops/facts", "{\"type\":\"PackageArrived\",\"jobId\":\"" + job + "\",\"driveIds\":[null]}"));
        assertRefusedAt(
                "driveIds[0]",
                app.post(
                        "/ops/facts?dryRun=true",
                        "{\"type\":\"PackageArrived\",\"jobId\":\"" + job + "\",\"driveIds\":[null]}"));
        assertRefusedAt(
                "reason", app.post("/ops/facts", "{\"type\":\"Fault\",\"jobId\":\"" + job + "\",\"reason\":null}"));
        assertRefusedAt(
                "[1]",
                app.post("/ops/facts", "[{\"type\":\"Fault\",\"jobId\":\"" + job + "\",\"reason\":\"x\"},null]"));
        assertRefusedAt(
                "[0].driveIds[0]",
                app.post(
                        "/ops/facts", "[{\"type\":\"PackageArrived\",\"jobId\":\"" + job + "\",\"driveIds\":[null]}]"));
        assertEquals(history, app.get("/ops/history?jobId=" + job).text());
    }

    @Test
    void aNullClockMoveIs400AndTheClockStays() {
        String now = app.get("/ops/clock").json().get("now").asText();
        assertRefusedAt("advance", app.post("/ops/clock", "{\"advance\":null}"));
        assertRefusedAt("now", app.post("/ops/clock", "{\"now\":null,\"advance\":\"P1D\"}"));
        assertEquals(now, app.get("/ops/clock").json().get("now").asText());
    }

    @Test
    void aDryRunRefusesNullsButANullFileStillDropsThatFile() {
        assertRefusedAt("files", app.post("/ops/rules/dry-run", "{\"files\":null}"));
        assertRefusedAt("complete", app.post("/ops/rules/dry-run", "{\"complete\":null}"));
        TestServer.Reply dropped = app.post("/ops/rules/dry-run", "{\"files\":{\"faults.drl\":null}}");
        assertEquals(200, dropped.status(), dropped.text());
        JsonNode report = dropped.json().get("report");
        assertFalse(report.isNull(), dropped.text());
    }
}

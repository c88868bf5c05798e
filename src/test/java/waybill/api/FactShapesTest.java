package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fact or a Jobs body out of the shape its schema in /openapi.json declares is a 400 naming the field. */
class FactShapesTest {
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
    void aDeleteJobFactWithoutAJobIdIs400NamingJobIdEvenInADryRun() {
        TestServer.Reply r = app.post("/ops/facts?dryRun=true", Map.of("type", "DeleteJob"));
        assertEquals(400, r.status(), r.text());
        assertEquals("InvalidRequestContent", r.json().at("/error/code").asText(), r.text());
        assertEquals("jobId", r.json().at("/error/target").asText(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("jobId is required"), r.text());
    }

    @Test
    void anUpdateJobFactWithoutItsRequestIs400NamingRequestAndChangesNothing() throws Exception {
        assertEquals(201, app.createImport("rg-shape", "job1").status());
        TestServer.Reply before = app.get(jobUrl("rg-shape", "job1"));
        TestServer.Reply r = app.post("/ops/facts", Map.of("type", "UpdateJob", "jobId", jobPath("rg-shape", "job1")));
        assertEquals(400, r.status(), r.text());
        assertEquals("request", r.json().at("/error/target").asText(), r.text());
        assertEquals(before.json(), app.get(jobUrl("rg-shape", "job1")).json());
    }

    @Test
    void aPackageOfAHundredThousandDriveIdsIs400NamingDriveIdsAndChangesNothing() throws Exception {
        assertEquals(201, app.createImport("rg-shape", "job2").status());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add("D" + i);
        }
        TestServer.Reply r = app.post(
                "/ops/facts", Map.of("type", "PackageArrived", "jobId", jobPath("rg-shape", "job2"), "driveIds", ids));
        assertEquals(400, r.status(), r.text());
        assertEquals("driveIds", r.json().at("/error/target").asText(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("at most 10"), r.text());
        assertEquals(
                "Creating",
                app.get(jobUrl("rg-shape", "job2"))
                        .json()
                        .at("/properties/state")
                        .asText());
    }

    @Test
    void theThirdFactOfAnArrayIsNamedByItsPlace() {
        TestServer.Reply r = app.post(
                "/ops/facts",
                List.of(
                        Map.of("type", "Fault", "jobId", jobPath("rg-shape", "nope"), "reason", "x"),
                        Map.of("type", "Fault", "jobId", jobPath("rg-shape", "nope"), "reason", "y"),
                        Map.of("type", "DeleteJob")));
        assertEquals(400, r.status(), r.text());
        assertEquals("[2].jobId", r.json().at("/error/target").asText(), r.text());
    }

    @Test
    void anOversizedStringInAJobsBodyIs400NamingIt() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                TestServer.example("CreateJob.json", "parameters", "body");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("properties").get("returnAddress"))
                .put("city", "x".repeat(5000));
        TestServer.Reply r = app.put(jobUrl("rg-shape", "job3"), body);
        assertEquals(400, r.status(), r.text());
        assertEquals(
                "properties.returnAddress.city", r.json().at("/error/target").asText(), r.text());
        assertTrue(r.json().at("/error/message").asText().contains("at most 1024"), r.text());
        assertEquals(404, app.get(jobUrl("rg-shape", "job3")).status());
    }
}

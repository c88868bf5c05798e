package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;

/**
 * Operations wait three weeks for packages and move the open jobs too (docs/operations.md): the dry run
 * lists the move and moves nothing; {@code reload?retime=true} moves it with a RulesChanged decision; the
 * timer then fires three weeks after shipping, not two.
 */
public class RetimeApiTest {
    static final String WAIT_14 = "packageArrivalWait() { return \"P14D\"; }";
    static final String WAIT_21 = "packageArrivalWait() { return \"P21D\"; }";
    static final String SHIPPED_DUE = "2026-03-16T09:00:00Z";
    static final String MOVED_DUE = "2026-03-23T09:00:00Z";

    @Test
    void aLongerWaitActivatedWithRetimeIsPreviewedThenMovesTheShippedJobsDeadlineOnce(@TempDir Path dir)
            throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String job = jobPath("rg-retime", "job1");
            assertEquals(201, app.createImport("rg-retime", "job1").status());
            assertEquals(
                    200,
                    app.patch(TestServer.jobUrl("rg-retime", "job1"), ship()).status());
            assertEquals(SHIPPED_DUE, deadline(app, job));
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P10D")).status());
            String before = app.get("/ops/rules").json().get("revision").asText();
            String limits = Files.readString(rules.resolve("limits.drl"));

            TestServer.Reply dry = app.post(
                    "/ops/rules/dry-run", Map.of("files", Map.of("limits.drl", limits.replace(WAIT_14, WAIT_21))));
            assertEquals(200, dry.status(), dry.text());
            JsonNode retimed = dry.json().at("/report/retimed");
            assertEquals(1, retimed.get("deadlinesMoved").asInt(), dry.text());
            assertEquals(0, retimed.get("movedIntoThePast").asInt());
            assertEquals("P7D", retimed.get("smallestShift").asText());
            assertEquals(job, retimed.at("/moves/0/jobId").asText());
            assertEquals("package-arrival", retimed.at("/moves/0/deadline").asText());
            assertEquals(SHIPPED_DUE, retimed.at("/moves/0/from").asText());
            assertEquals(MOVED_DUE, retimed.at("/moves/0/to").asText());
            assertEquals("P7D", retimed.at("/moves/0/shift").asText());
            assertEquals(SHIPPED_DUE, deadline(app, job), "a dry run moves nothing");

            // the fixtures encode two weeks: the gate refuses the change unless forced
            Files.writeString(rules.resolve("limits.drl"), limits.replace(WAIT_14, WAIT_21));
            TestServer.Reply reload = app.post("/ops/rules/reload?force=true&retime=true", null);
            assertEquals(200, reload.status(), reload.text());
            assertTrue(reload.json().at("/activation/retime").asBoolean(), reload.text());
            String after = reload.json().get("revision").asText();
            JsonNode progress =
                    await(app, r -> "done".equals(r.at("/retime/state").asText()));
            assertEquals(1, progress.at("/retime/jobsMoved").asInt(), progress.toString());
            assertEquals(1, progress.at("/retime/deadlinesMoved").asInt());

            assertEquals(MOVED_DUE, deadline(app, job));
            JsonNode history = app.get("/ops/history?jobId=" + job).json();
            JsonNode last = history.get(history.size() - 1);
            assertEquals("RulesChanged", last.get("factType").asText(), last.toString());
            assertEquals(before, last.at("/fact/fromRevision").asText());
            assertEquals(after, last.at("/fact/toRevision").asText());
            assertEquals("ada", last.at("/fact/submittedBy").asText());
            assertEquals(SHIPPED_DUE, last.at("/fact/moves/0/from").asText());
            assertEquals(MOVED_DUE, last.at("/fact/moves/0/to").asText());

            // fifteen days after shipping the package is still awaited; twenty-two days after, the timer fired
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P5D")).status());
            assertEquals("Specified", drive(app, job));
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P7D")).status());
            assertEquals("NeverReceived", drive(app, job));
        }
    }

    @Test
    void aRulesChangedFactCannotBeSubmitted() {
        try (TestServer app = TestServer.manual()) {
            TestServer.Reply r = app.post(
                    "/ops/facts",
                    Map.of("type", "RulesChanged", "jobId", jobPath("rg-x", "job1"), "moves", java.util.List.of()));
            assertEquals(400, r.status(), r.text());
            assertTrue(r.text().contains("retime=true"), r.text());
        }
    }

    /** The PATCH that ships a created import job: its delivery package, Shipping. */
    public static Map<String, Object> ship() {
        return Map.of(
                "properties",
                Map.of(
                        "state",
                        "Shipping",
                        "deliveryPackage",
                        Map.of("carrierName", "FedEx", "trackingNumber", "1Z999")));
    }

    static String deadline(TestServer app, String job) {
        JsonNode j = app.get("/ops/job?jobId=" + job).json();
        for (JsonNode d : j.at("/job/deadlines")) {
            if ("package-arrival".equals(d.get("name").asText())) {
                return d.get("at").asText();
            }
        }
        return "(none) in " + j;
    }

    static String drive(TestServer app, String job) {
        return app.get("/ops/job?jobId=" + job).json().at("/job/drives/0/state").asText();
    }

    static JsonNode await(TestServer app, Predicate<JsonNode> condition) {
        return Awaitility.await("GET /ops/rules reaches the expected state")
                .atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> app.get("/ops/rules").json(), condition);
    }
}

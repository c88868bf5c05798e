package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;

/** The manual clock fires due timers before it answers; a reload swaps rules only when they compile. */
class ClockAndRulesTest {
    @Test
    void advancingTheClockFourteenDaysDeletesAJobLeftInCreating() throws Exception {
        try (TestServer app = TestServer.manual()) {
            assertEquals(201, app.createImport("rg-clock", "job1").status());
            TestServer.Reply moved = app.post("/ops/clock", Map.of("advance", "P14D"));
            assertEquals(200, moved.status(), moved.text());
            assertEquals("2026-03-16T09:00:00Z", moved.json().get("now").asText());
            assertEquals(1, moved.json().get("fired").size());
            assertTrue(moved.json().at("/fired/0/deleted").asBoolean(), moved.text());
            assertEquals(404, app.get(jobUrl("rg-clock", "job1")).status());
            assertEquals(
                    "2026-03-16T09:00:00Z",
                    app.get("/ops/clock").json().get("now").asText());
        }
    }

    @Test
    void theClockMovesOnlyForwardAndTakesOneOfAdvanceOrNow() {
        try (TestServer app = TestServer.manual()) {
            assertEquals(
                    400,
                    app.post("/ops/clock", Map.of("now", "2020-01-01T00:00:00Z"))
                            .status());
            assertEquals(400, app.post("/ops/clock", Map.of()).status());
            assertEquals(
                    400, app.post("/ops/clock", Map.of("advance", "two weeks")).status());
            TestServer.Reply to = app.post("/ops/clock", Map.of("now", "2026-04-01T00:00:00Z"));
            assertEquals(200, to.status(), to.text());
            assertEquals("2026-04-01T00:00:00Z", to.json().get("now").asText());
        }
    }

    @Test
    void theSystemClockCannotBeMoved() {
        try (TestServer app = TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.SYSTEM)) {
            TestServer.Reply r = app.post("/ops/clock", Map.of("advance", "P1D"));
            assertEquals(409, r.status(), r.text());
            assertEquals("ClockNotManual", r.json().at("/error/code").asText());
            assertEquals("system", app.get("/ops/clock").json().get("mode").asText());
        }
    }

    @Test
    void aBrokenRuleFileIsRefusedWithFileAndLineAndTheOldRulesStay(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            TestServer.Reply before = app.get("/ops/rules");
            assertEquals(200, before.status());
            String revision = before.json().get("revision").asText();
            assertTrue(before.json().get("rules").size() > 10);
            assertTrue(before.json().at("/rules/0/line").asInt() > 0);

            Files.writeString(
                    rules.resolve("broken.drl"),
                    "package waybill.rules\n\nrule \"Broken\"\n    ruleflow-group \"decide\"\nwhen\n    Nonsense(\nthen\nend\n");
            TestServer.Reply failed = app.post("/ops/rules/reload", null);
            assertEquals(422, failed.status(), failed.text());
            assertEquals("broken.drl", failed.json().at("/errors/0/file").asText());
            assertTrue(failed.json().at("/errors/0/line").asInt() > 0, failed.text());
            assertFalse(failed.json().at("/errors/0/message").asText().isEmpty());

            TestServer.Reply after = app.get("/ops/rules");
            assertEquals(revision, after.json().get("revision").asText());
            assertEquals(
                    "broken.drl", after.json().at("/lastFailure/errors/0/file").asText());
            assertEquals(201, app.createImport("rg-rules", "job1").status());

            Files.delete(rules.resolve("broken.drl"));
            Files.writeString(
                    rules.resolve("creating.drl"), Files.readString(rules.resolve("creating.drl")) + "\n// touched\n");
            TestServer.Reply ok = app.post("/ops/rules/reload", null);
            assertEquals(200, ok.status(), ok.text());
            assertFalse(revision.equals(ok.json().get("revision").asText()));
        }
    }
}

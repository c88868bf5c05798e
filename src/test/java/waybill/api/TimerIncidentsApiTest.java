package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;

/**
 * A poison timer among good ones: a rule that throws for one job's timer does not fail the operator's
 * clock move. Every other due timer fires on that move and on later ones; the failure is listed in the
 * answer, retried with backoff on the service clock, parked as an incident after five failures (seen on
 * /ops/incidents and /health), retried by an operator, and dropped once the rules are fixed.
 */
public class TimerIncidentsApiTest {
    public static final String POISON_RULE = "A poison job's timer cannot be decided";
    /** Throws for the timers of the job named poison-job, and no other. */
    public static final Path POISON = Path.of("src", "test", "resources", "poison-rules", "poison.drl");

    private static TestServer.Reply move(TestServer app, String advance) {
        TestServer.Reply moved = app.post("/ops/clock", Map.of("advance", advance));
        assertEquals(200, moved.status(), moved.text());
        return moved;
    }

    private static List<String> firedJobs(JsonNode clock) {
        List<String> jobs = new ArrayList<>();
        clock.get("fired").forEach(d -> jobs.add(d.get("jobId").asText()));
        return jobs;
    }

    @Test
    void aPoisonTimerIsListedRetriedWithBackoffParkedAndClearedWhenTheRulesAreFixedWhileEveryOtherTimerFires(
            @TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            for (String name : List.of("good-1", "poison-job", "good-2")) {
                assertEquals(201, app.createImport("rg-poison", name).status());
            }
            Files.copy(POISON, rules.resolve("poison.drl"));
            TestServer.Reply reload = app.post("/ops/rules/reload", null);
            assertEquals(200, reload.status(), "Job(name == \"poison-job\") loads: " + reload.text());

            // the two-week Creating expiry falls due for all three: the good ones fire, the poison one is listed
            JsonNode first = move(app, "P15D").json();
            List<String> fired = firedJobs(first);
            assertEquals(2, fired.size(), first.toString());
            assertTrue(fired.stream().noneMatch(j -> j.endsWith("/poison-job")), fired.toString());
            assertEquals(1, first.get("failed").size(), first.toString());
            JsonNode failure = first.at("/failed/0");
            assertTrue(failure.get("jobId").asText().endsWith("/poison-job"), failure.toString());
            assertEquals("creating-expiry", failure.get("deadline").asText());
            assertEquals(POISON_RULE, failure.get("rule").asText());
            assertEquals("poison.drl:8", failure.get("where").asText());
            assertEquals(1, failure.get("attempts").asInt());
            assertEquals("Retrying", failure.get("state").asText());
            assertEquals(404, app.get(jobUrl("rg-poison", "good-1")).status(), "the good job's expiry deleted it");
            assertEquals(200, app.get(jobUrl("rg-poison", "poison-job")).status(), "the poison job is untouched");

            // not retried before its backoff: a later good timer fires, the poison one waits
            assertEquals(201, app.createImport("rg-poison", "good-3").status());
            JsonNode waiting = move(app, "P15D").json();
            assertEquals(1, firedJobs(waiting).size(), waiting.toString());
            assertTrue(firedJobs(waiting).get(0).endsWith("/good-3"), waiting.toString());
            // P15D is past the one-minute wait: retried once on that move
            assertEquals(2, waiting.at("/failed/0/attempts").asInt(), waiting.toString());
            assertEquals(0, move(app, "PT30S").json().get("failed").size(), "within its backoff it waits");

            // retried with a doubling wait until it is parked
            for (int attempt = 3; attempt <= 5; attempt++) {
                JsonNode again = move(app, "PT1H").json();
                assertEquals(attempt, again.at("/failed/0/attempts").asInt(), again.toString());
            }
            JsonNode incidents = app.get("/ops/incidents").json();
            assertEquals(1, incidents.get("incidents").asInt(), incidents.toString());
            assertEquals("Incident", incidents.at("/timers/0/state").asText());
            assertEquals(0, move(app, "P30D").json().get("failed").size(), "a parked timer is not retried by itself");
            JsonNode health = app.get("/health").json();
            assertEquals(1, health.at("/rules/timerIncidents").asInt(), health.toString());

            // an operator's retry fires it now: under the same rules it fails again and stays parked
            String id = incidents.at("/timers/0/id").asText();
            TestServer.Reply retried =
                    app.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/incidents/" + id + "/retry", null);
            assertEquals(200, retried.status(), retried.text());
            assertEquals(false, retried.json().get("fired").asBoolean(), retried.text());
            assertEquals("Incident", retried.json().at("/failure/state").asText(), retried.text());
            assertEquals(
                    404, app.post("/ops/incidents/incident-999/retry", null).status());

            // the rule fixed: the incident is gone and the timer fires on the next move
            Files.delete(rules.resolve("poison.drl"));
            assertEquals(200, app.post("/ops/rules/reload", null).status());
            assertEquals(0, app.get("/ops/incidents").json().get("timers").size());
            JsonNode fixed = move(app, "PT1S").json();
            assertTrue(firedJobs(fixed).stream().anyMatch(j -> j.endsWith("/poison-job")), fixed.toString());
            assertEquals(0, fixed.get("failed").size(), fixed.toString());
            assertEquals(
                    0, app.get("/health").json().at("/rules/timerIncidents").asInt());
        }
    }

    @Test
    void anOperatorResolvesAParkedTimerWithoutARetryAndTheResolveIsRecordedWithTheKeyNameAndTime(@TempDir Path dir)
            throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            assertEquals(201, app.createImport("rg-resolve", "poison-job").status());
            Files.copy(POISON, rules.resolve("poison.drl"));
            assertEquals(200, app.post("/ops/rules/reload", null).status());
            move(app, "P15D");
            for (int attempt = 2; attempt <= 5; attempt++) {
                move(app, "PT1H");
            }
            JsonNode parked = app.get("/ops/incidents").json();
            assertEquals("Incident", parked.at("/timers/0/state").asText(), parked.toString());
            String id = parked.at("/timers/0/id").asText();

            assertEquals(
                    403,
                    app.sendAs(TestServer.CUSTOMER_KEY, "POST", "/ops/incidents/" + id + "/resolve", null)
                            .status());
            assertEquals(
                    404, app.post("/ops/incidents/incident-999/resolve", null).status());
            String clock = app.get("/ops/clock").json().get("now").asText();
            TestServer.Reply resolved =
                    app.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/incidents/" + id + "/resolve", null);
            assertEquals(200, resolved.status(), resolved.text());
            assertEquals("Resolved", resolved.json().get("state").asText());
            assertEquals("otto", resolved.json().get("resolvedBy").asText(), "the operator key's name");
            assertEquals(clock, resolved.json().get("resolvedAt").asText(), "on the service clock");
            assertEquals(5, resolved.json().get("attempts").asInt(), "no retry was made");

            // closed: not counted as an incident, not retried by later moves, still listed as resolved
            JsonNode health = app.get("/health").json();
            assertEquals(0, health.at("/rules/timerIncidents").asInt(), health.toString());
            assertEquals(0, health.at("/rules/timersRetrying").asInt(), health.toString());
            JsonNode later = move(app, "P30D").json();
            assertEquals(0, later.get("failed").size(), later.toString());
            assertTrue(firedJobs(later).isEmpty(), later.toString());
            JsonNode listed = app.get("/ops/incidents").json();
            assertEquals(0, listed.get("incidents").asInt(), listed.toString());
            assertEquals("Resolved", listed.at("/timers/0/state").asText(), listed.toString());
            assertEquals(5, listed.at("/timers/0/attempts").asInt(), listed.toString());
            assertEquals(
                    resolved.json(),
                    app.post("/ops/incidents/" + id + "/resolve", null).json(),
                    "resolving again changes nothing");
        }
    }
}

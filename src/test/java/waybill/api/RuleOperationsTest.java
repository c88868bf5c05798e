package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import waybill.cli.DiffRulesCommand;
import waybill.config.ServiceConfig;
import waybill.store.mongo.StoreFactory;

/**
 * Changing rules on a running service (docs/operations.md): a reload is compiled beside the active
 * rules and gated by the fixtures; a refusal keeps the old revision and says why; a good edit in the
 * watched folder activates by itself; a dry run shows differences and activates nothing; reloads under
 * traffic fail no request.
 */
class RuleOperationsTest {
    static final String EXPIRY_14 = "function String creatingExpiry() { return \"P14D\"; }";
    static final String EXPIRY_21 = "function String creatingExpiry() { return \"P21D\"; }";

    @Test
    void aBrokenFileKeepsTheOldRevisionAndReportsFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = revision(app);
            Files.writeString(
                    rules.resolve("broken.drl"),
                    "package waybill.rules\n\nrule \"Broken\"\n"
                            + "    ruleflow-group \"decide\"\nwhen\n    Nonsense(\nthen\nend\n");

            TestServer.Reply refused = app.post("/ops/rules/reload", null);
            assertEquals(422, refused.status(), refused.text());
            assertEquals("RulesDoNotCompile", refused.json().at("/error/code").asText());
            assertEquals("broken.drl", refused.json().at("/errors/0/file").asText());
            assertTrue(refused.json().at("/errors/0/line").asInt() > 0, refused.text());
            assertTrue(refused.json().at("/error/details/0/target").asText().startsWith("broken.drl:"), refused.text());
            assertEquals(revision, refused.json().get("activeRevision").asText());

            JsonNode now = app.get("/ops/rules").json();
            assertEquals(revision, now.get("revision").asText());
            assertEquals("compile", now.at("/lastFailure/kind").asText());
            assertEquals("broken.drl", now.at("/lastFailure/errors/0/file").asText());
            assertTrue(now.at("/lastFailure/errors/0/line").asInt() > 0);
            // the service keeps serving, on the old revision
            assertEquals(201, app.createImport("rg-broken", "job1").status());
            assertEquals(
                    revision,
                    lastHistory(app, jobPath("rg-broken", "job1"))
                            .get("rulesRevision")
                            .asText());
            assertEquals(
                    1, app.get("/ops/rules/history").json().get("activations").size());
        }
    }

    @Test
    void anEditThatBreaksAFixtureIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = revision(app);
            edit(rules.resolve("limits.drl"), EXPIRY_14, EXPIRY_21);

            TestServer.Reply refused = app.post("/ops/rules/reload", null);
            assertEquals(422, refused.status(), refused.text());
            assertEquals("RulesFailFixtures", refused.json().at("/error/code").asText());
            JsonNode failure = refused.json().at("/fixtureFailures/0");
            assertTrue(
                    refused.json()
                            .get("fixtureFailures")
                            .toString()
                            .contains("fixtures/creating/a-job-left-in-creating-for-two-weeks-is-deleted.yaml"),
                    refused.text());
            assertTrue(failure.has("step") && failure.has("expected") && failure.has("actual"), refused.text());
            assertNotEquals(
                    failure.get("expected").asText(), failure.get("actual").asText());
            String candidate = refused.json().get("candidateRevision").asText();
            assertNotEquals(revision, candidate);

            JsonNode after = app.get("/ops/rules").json();
            assertEquals(revision, after.get("revision").asText());
            assertEquals("fixtures", after.at("/lastFailure/kind").asText());
            assertTrue(after.at("/lastFailure/fixtureFailures").size() > 0);
            assertEquals(
                    "limits.drl", after.at("/lastFailure/changedFiles/0/file").asText());

            TestServer.Reply forced = app.post("/ops/rules/reload?force=true", null);
            assertEquals(200, forced.status(), forced.text());
            assertEquals(candidate, forced.json().get("revision").asText());
            assertEquals("forced", forced.json().at("/activation/trigger").asText());
            assertTrue(forced.json().at("/activation/forced").asBoolean());
            assertEquals(
                    revision, forced.json().at("/activation/previousRevision").asText());

            JsonNode history = app.get("/ops/rules/history").json();
            assertEquals(candidate, history.get("active").asText());
            JsonNode last =
                    history.get("activations").get(history.get("activations").size() - 1);
            assertEquals("forced", last.get("trigger").asText());
            assertEquals("limits.drl", last.at("/changedFiles/0/file").asText());
            assertEquals("start", history.at("/activations/0/trigger").asText());

            // new decisions carry the new revision, and decide with the new rule: three weeks
            assertEquals(201, app.createImport("rg-forced", "job1").status());
            JsonNode entry = lastHistory(app, jobPath("rg-forced", "job1"));
            assertEquals(candidate, entry.get("rulesRevision").asText());
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P14D")).status());
            assertEquals(200, app.get(jobUrl("rg-forced", "job1")).status());
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P7D")).status());
            assertEquals(404, app.get(jobUrl("rg-forced", "job1")).status());
        }
    }

    @Test
    void aGoodEditActivatesByItselfFromTheWatchedFolder(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = revision(app);
            Files.writeString(
                    rules.resolve("creating.drl"),
                    Files.readString(rules.resolve("creating.drl")) + "\n// reviewed: the two-week expiry stays\n");
            JsonNode activated = await(app, r -> !r.get("revision").asText().equals(revision));
            assertEquals("watch", activated.at("/activation/trigger").asText());
            assertFalse(activated.at("/activation/forced").asBoolean());
            assertEquals(
                    "creating.drl",
                    activated.at("/activation/changedFiles/0/file").asText());
            assertEquals(
                    "changed", activated.at("/activation/changedFiles/0/change").asText());
            assertTrue(activated.at("/activation/scenariosPassed").asInt() > 10, activated.toString());
            assertEquals(201, app.createImport("rg-watch", "job1").status());
            assertEquals(
                    activated.get("revision").asText(),
                    lastHistory(app, jobPath("rg-watch", "job1"))
                            .get("rulesRevision")
                            .asText());
        }
    }

    @Test
    void aDryRunShowsARealDifferenceAndActivatesNothing(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = revision(app);
            assertEquals(201, app.createImport("rg-dry", "open1").status());
            String job = jobPath("rg-dry", "open1");
            int decisions = app.get("/ops/history?jobId=" + job).json().size();

            String edited = Files.readString(rules.resolve("limits.drl")).replace(EXPIRY_14, EXPIRY_21);
            TestServer.Reply dry = app.post("/ops/rules/dry-run", Map.of("files", Map.of("limits.drl", edited)));
            assertEquals(200, dry.status(), dry.text());
            JsonNode report = dry.json().get("report");
            assertTrue(report.get("differs").asBoolean());
            assertEquals(revision, report.get("activeRevision").asText());
            assertNotEquals(revision, report.get("candidateRevision").asText());
            assertTrue(report.get("fixtureDifferences").size() > 0, dry.text());
            assertFalse(report.get("gateWouldPass").asBoolean());
            JsonNode jobDiff = report.get("jobDifferences").get(0);
            assertEquals(job, jobDiff.get("jobId").asText(), dry.text());
            assertTrue(jobDiff.get("changes").toString().contains("timers"), jobDiff.toString());
            assertTrue(jobDiff.get("changes").toString().contains("2026-03-23T09:00:00Z"), jobDiff.toString());

            // nothing was activated, written or recorded as a failure
            JsonNode rulesNow = app.get("/ops/rules").json();
            assertEquals(revision, rulesNow.get("revision").asText());
            assertNoFailure(rulesNow);
            assertEquals(
                    1, app.get("/ops/rules/history").json().get("activations").size());
            assertEquals(decisions, app.get("/ops/history?jobId=" + job).json().size());
            assertFalse(Files.readString(rules.resolve("limits.drl")).contains("P21D"));

            // the folder as it is decides nothing differently
            TestServer.Reply same = app.post("/ops/rules/dry-run", null);
            assertEquals(200, same.status(), same.text());
            assertFalse(same.json().at("/report/differs").asBoolean(), same.text());
            assertEquals(1, same.json().at("/report/jobsReplayed").asInt());

            // a candidate that does not compile: 422 with file and line, still nothing changes
            TestServer.Reply broken = app.post(
                    "/ops/rules/dry-run", Map.of("files", Map.of("x.drl", "rule \"x\"\nwhen\n  Nope(\nthen\nend\n")));
            assertEquals(422, broken.status(), broken.text());
            assertEquals("x.drl", broken.json().at("/errors/0/file").asText());
            assertEquals(revision, revision(app));
            assertNoFailure(app.get("/ops/rules").json());
        }
    }

    @Test
    void diffRulesReplaysTheOpenJobsOfAStore(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (TestServer app =
                TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.embedded(data))) {
            assertEquals(201, app.createImport("rg-cli", "open1").status());
        }
        Path candidate = TestServer.copyRules(dir);
        edit(candidate.resolve("limits.drl"), EXPIRY_14, EXPIRY_21);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream was = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DiffRulesCommand())
                    .execute(
                            "rules",
                            candidate.toString(),
                            "--data",
                            data.toString(),
                            "--until",
                            "2026-03-10T00:00:00Z");
        } finally {
            System.setOut(was);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("job " + jobPath("rg-cli", "open1")), text);
        assertTrue(text.contains("P21D") || text.contains("2026-03-23T09:00:00Z"), text);
        assertTrue(text.contains("1 of 1 open job(s) decide differently"), text);
    }

    @Test
    void aDryRunFactExplainsItsDecisionAndKeepsNothing() throws Exception {
        try (TestServer app = TestServer.manual()) {
            String job = jobPath("rg-explain", "job1");
            TestServer.Reply accepted = app.post(
                    "/ops/facts?dryRun=true",
                    Map.of(
                            "type",
                            "CreateJob",
                            "jobId",
                            job,
                            "request",
                            TestServer.example("CreateJob.json", "parameters", "body")));
            assertEquals(200, accepted.status(), accepted.text());
            JsonNode fired = accepted.json().get("firedRules");
            assertTrue(fired.size() > 1, accepted.text());
            for (JsonNode f : fired) {
                assertTrue(
                        f.get("file").asText().endsWith(".drl") && f.get("line").asInt() > 0, f.toString());
            }
            assertEquals(revision(app), accepted.json().get("rulesRevision").asText());
            assertEquals(404, app.get(jobUrl("rg-explain", "job1")).status());
            assertEquals(0, app.get("/ops/history?jobId=" + job).json().size());

            TestServer.Reply refused = app.post(
                    "/ops/facts?dryRun=true", Map.of("type", "DriveTransferStarted", "jobId", job, "driveId", "X"));
            assertTrue(refused.status() >= 400 && refused.status() < 500, refused.text());
            JsonNode decision = refused.json().get("decision");
            String rule = decision.at("/rejections/0/rule").asText();
            assertFalse(rule.isEmpty(), refused.text());
            assertFalse(decision.at("/rejections/0/reason").asText().isEmpty());
            boolean located = false;
            for (JsonNode f : decision.get("firedRules")) {
                located |= f.get("name").asText().equals(rule) && f.get("line").asInt() > 0;
            }
            assertTrue(located, "the refusing rule is among the fired rules with its file and line: " + refused.text());
            assertEquals(0, app.get("/ops/history?jobId=" + job).json().size());
        }
    }

    @Test
    void theRulesHistorySurvivesARestartOnTheStore(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        Path data = dir.resolve("data");
        String first;
        String forced;
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL, StoreFactory.open(data, null))) {
            first = revision(app);
            Files.writeString(
                    rules.resolve("progress.drl"), Files.readString(rules.resolve("progress.drl")) + "\n// edited\n");
            TestServer.Reply r = app.post("/ops/rules/reload?force=true", null);
            assertEquals(200, r.status(), r.text());
            forced = r.json().get("revision").asText();
            assertNotEquals(first, forced);
        }
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL, StoreFactory.open(data, null))) {
            JsonNode h = app.get("/ops/rules/history").json().get("activations");
            assertEquals(3, h.size(), "the first start, the forced reload, this start: " + h);
            assertEquals(first, h.get(0).get("revision").asText(), h.toString());
            assertEquals("start", h.get(0).get("trigger").asText(), h.toString());
            assertEquals(forced, h.get(1).get("revision").asText(), h.toString());
            assertEquals("forced", h.get(1).get("trigger").asText(), h.toString());
            assertTrue(h.get(1).get("forced").asBoolean(), h.toString());
            assertEquals("progress.drl", h.get(1).at("/changedFiles/0/file").asText(), h.toString());
            assertEquals("start", h.get(2).get("trigger").asText(), h.toString());
            assertEquals(forced, h.get(2).get("revision").asText(), "the edited folder is loaded: " + h);
            assertEquals(
                    forced, h.get(2).get("previousRevision").asText(), "it names the revision active before: " + h);
        }
    }

    @Test
    void aReloadUnderConcurrentTrafficFailsNoRequest(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        // as many requests as six clients can send: past any key's budget, which is not what is tested here
        try (TestServer app = TestServer.unthrottled(rules)) {
            String first = revision(app);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Set<String> revisions = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int client = t;
                clients.add(pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String name = "c" + client + "-" + i;
                        try {
                            TestServer.Reply r = app.createImport("rg-load", name);
                            if (r.status() != 201) {
                                failures.add(name + " create: " + r.status() + " " + r.text());
                                continue;
                            }
                            TestServer.Reply f = app.post(
                                    "/ops/facts?dryRun=true",
                                    Map.of("type", "DeleteJob", "jobId", jobPath("rg-load", name)));
                            if (f.status() != 200) {
                                failures.add(name + " fact: " + f.status() + " " + f.text());
                            } else {
                                revisions.add(f.json().get("rulesRevision").asText());
                            }
                            sent.addAndGet(2);
                        } catch (RuntimeException | IOException e) {
                            failures.add(name + ": " + e);
                        }
                    }
                }));
            }
            String previous = first;
            for (int reload = 1; reload <= 3; reload++) {
                Files.writeString(
                        rules.resolve("progress.drl"),
                        Files.readString(rules.resolve("progress.drl")) + "\n// reload " + reload + "\n");
                TestServer.Reply r = app.post("/ops/rules/reload", null);
                assertEquals(200, r.status(), r.text());
                String now = r.json().get("revision").asText();
                assertNotEquals(previous, now);
                previous = now;
            }
            String last = previous;
            // traffic keeps flowing on the last revision too
            await(app, x -> x.get("revision").asText().equals(last) && revisions.contains(last));
            running.set(false);
            for (Future<?> c : clients) {
                c.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(
                    failures.isEmpty(),
                    failures.size() + " of " + sent.get() + " requests failed: "
                            + failures.subList(0, Math.min(5, failures.size())));
            assertTrue(sent.get() > 20, "traffic flowed: " + sent.get());
            assertTrue(revisions.contains(first) && revisions.contains(last), revisions.toString());
            assertTrue(app.get("/ops/rules/history").json().get("activations").size() >= 4);
        }
    }

    /** Polls GET /ops/rules until it satisfies the condition (a generous bound: the watcher runs on its own). */
    private static JsonNode await(TestServer app, Predicate<JsonNode> condition) {
        return RetimeApiTest.await(app, condition);
    }

    private static void assertNoFailure(JsonNode rules) {
        assertTrue(!rules.has("lastFailure") || rules.get("lastFailure").isNull(), rules.toString());
    }

    private static String revision(TestServer app) {
        return app.get("/ops/rules").json().get("revision").asText();
    }

    private static JsonNode lastHistory(TestServer app, String job) {
        JsonNode h = app.get("/ops/history?jobId=" + job).json();
        assertTrue(h.size() > 0, "history of " + job);
        return h.get(h.size() - 1);
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " contains " + from);
        Files.writeString(file, text.replace(from, to));
    }
}

package waybill.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.engine.Budget;

/**
 * A running service and rules that would hurt it: a looping rule saved into the watched folder is
 * refused while jobs are served; forced in, each decision that reaches it is stopped and
 * answered; a rule that throws is named; a hostile dry run is refused without effect. docs/operations.md.
 */
class RuleSafetyApiTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "hostile-rules");
    static final String LOOP = "Percent complete flips forever";
    /** A generous bound on the gate (compile and replay every fixture) on a loaded machine. */
    static final Duration GATE = Duration.ofMinutes(3);

    @Test
    void aLoopingRuleSavedIntoTheWatchedFolderIsRefusedAndForcedInCannotHangTheService(@TempDir Path dir)
            throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = app.get("/ops/rules").json().get("revision").asText();
            assertEquals(201, app.createImport("rg-safe", "before").status());

            Files.copy(CORPUS.resolve("loops.drl"), rules.resolve("loops.drl"));
            // jobs are served while the gate runs; the watcher's refusal shows on /ops/rules
            JsonNode refused = await().atMost(GATE)
                    .until(
                            () -> {
                                assertEquals(
                                        200,
                                        app.get(jobUrl("rg-safe", "before")).status());
                                return app.get("/ops/rules").json();
                            },
                            now -> now.hasNonNull("lastFailure"));
            assertEquals(revision, refused.get("revision").asText());
            assertEquals("watch", refused.at("/lastFailure/trigger").asText());
            assertEquals("loops.drl", refused.at("/lastFailure/errors/0/file").asText(), refused.toString());
            assertEquals(7, refused.at("/lastFailure/errors/0/line").asInt());
            assertTrue(refused.at("/lastFailure/errors/0/message").asText().contains("a loop?"), refused.toString());

            // forced in: a decision that reaches the rule is stopped within the budget and answered; nothing changes
            assertEquals(200, app.post("/ops/rules/reload?force=true", null).status());
            TestServer.Reply stopped = app.createImport("rg-safe", "after");
            assertEquals(500, stopped.status(), stopped.text());
            assertEquals("RuleBudgetExceeded", stopped.json().at("/error/code").asText());
            assertTrue(
                    stopped.json().at("/error/message").asText().contains("\"" + LOOP + "\" at loops.drl:7 fired 9"),
                    stopped.text());
            assertEquals(
                    "loops.drl:7", stopped.json().at("/error/details/0/target").asText());
            assertEquals(404, app.get(jobUrl("rg-safe", "after")).status(), "the refused create left no job");
            assertEquals(200, app.get(jobUrl("rg-safe", "before")).status(), "other jobs are served");

            JsonNode troubles = app.get("/ops/rules").json().get("troubles");
            assertEquals(1, troubles.get("budgetHits").asInt(), troubles.toString());
            assertEquals(1, troubles.get("byRule").get(LOOP).asInt(), troubles.toString());
            assertEquals("loops.drl:7", troubles.at("/recent/0/where").asText());
            assertEquals(1, app.get("/health").json().at("/rules/budgetHits").asInt());
            assertTrue(app.get("/metrics")
                    .text()
                    .contains("waybill_rule_budget_exceeded_total{rule=\"" + LOOP + "\"} 1.0"));
        }
    }

    @Test
    void aRuleThatThrowsIsNamedByTheGateAndByTheAnswerAndIsCounted(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        String rule = "The delivery package's carrier is shouted";
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            Files.copy(CORPUS.resolve("throws.drl"), rules.resolve("throws.drl"));
            TestServer.Reply gate = app.post("/ops/rules/reload", null);
            assertEquals(422, gate.status(), gate.text());
            assertEquals("RulesFailFixtures", gate.json().at("/error/code").asText());
            assertEquals("throws.drl", gate.json().at("/errors/0/file").asText(), gate.text());
            assertEquals("RuleError", gate.json().at("/error/details/0/code").asText());
            assertEquals(
                    "throws.drl:6", gate.json().at("/error/details/0/target").asText());

            assertEquals(200, app.post("/ops/rules/reload?force=true", null).status());
            TestServer.Reply failed = app.createImport("rg-throw", "job1");
            assertEquals(500, failed.status(), failed.text());
            assertEquals("RuleFailed", failed.json().at("/error/code").asText());
            String message = failed.json().at("/error/message").asText();
            assertTrue(
                    message.contains("\"" + rule + "\" at throws.drl:6") && message.contains("NullPointerException"),
                    message);
            assertEquals(rule, failed.json().at("/rule/name").asText());
            assertEquals(404, app.get(jobUrl("rg-throw", "job1")).status(), "nothing was changed");

            assertEquals(
                    1, app.get("/ops/rules").json().at("/troubles/ruleFailures").asInt());
            assertEquals(1, app.get("/health").json().at("/rules/ruleFailures").asInt());
            assertTrue(app.get("/metrics").text().contains("waybill_rule_failures_total{rule=\"" + rule + "\"} 1.0"));
        }
    }

    @Test
    void aDryRunOfAHostileCandidateIsRefusedAndCreatesNoFile(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        Path owned = dir.resolve("owned");
        String hostile = """
                package waybill.rules
                import waybill.job.Job
                rule "Leave a mark on the server"
                    ruleflow-group "settle"
                when
                    Job()
                then
                    java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "owned");
                end
                """.formatted(owned.toString().replace("\\", "\\\\"));
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String revision = app.get("/ops/rules").json().get("revision").asText();
            TestServer.Reply dry = app.post("/ops/rules/dry-run", Map.of("files", Map.of("hostile.drl", hostile)));
            assertEquals(422, dry.status(), dry.text());
            assertEquals("RulesDoNotCompile", dry.json().at("/error/code").asText());
            assertEquals("hostile.drl", dry.json().at("/errors/0/file").asText());
            assertEquals(8, dry.json().at("/errors/0/line").asInt(), dry.text());
            assertTrue(dry.json().at("/errors/0/message").asText().contains("java.nio.file.Files"), dry.text());
            assertFalse(Files.exists(owned), "the hostile candidate created " + owned);
            assertEquals(revision, app.get("/ops/rules").json().get("revision").asText());
        }
    }

    @Test
    void aDryRunOfALoopingCandidateReportsItsFailure(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            TestServer.Reply dry = app.post(
                    "/ops/rules/dry-run",
                    Map.of("files", Map.of("loops.drl", Files.readString(CORPUS.resolve("loops.drl")))));
            assertEquals(200, dry.status(), dry.text());
            assertFalse(dry.json().at("/report/gateWouldPass").asBoolean());
            assertEquals(
                    "loops.drl",
                    dry.json().at("/report/fixtureFailures/0/rule/file").asText(),
                    dry.text());
        }
    }

    @Test
    void aDryRunOfACandidateWhoseFiringNeverEndsIsRefusedAndTheServiceKeepsServing() throws Exception {
        try (TestServer app =
                TestServer.configured(c -> c.withBudget(new Budget(Budget.DEFAULT_FIRINGS, Duration.ofMillis(300))))) {
            TestServer.Reply dry = app.post(
                    "/ops/rules/dry-run",
                    Map.of("files", Map.of("fans-out.drl", Files.readString(CORPUS.resolve("fans-out.drl")))));
            assertEquals(200, dry.status(), dry.text());
            assertFalse(dry.json().at("/report/gateWouldPass").asBoolean(), dry.text());
            JsonNode rule = dry.json().at("/report/fixtureFailures/0/rule");
            assertEquals("fans-out.drl", rule.get("file").asText(), dry.text());
            assertEquals(14, rule.get("line").asInt(), dry.text());
            assertTrue(rule.get("message").asText().contains("was interrupted"), dry.text());
            assertEquals(201, app.createImport("rg-safe", "after").status());
            assertEquals(200, app.get(jobUrl("rg-safe", "after")).status());
        }
    }

    /**
     * Every evasion of the hostile corpus, sent as a dry run and forced in by a reload: refused at load with
     * its file and line, and none of it ran: no key, no environment, no mark in any answer.
     */
    @Test
    void everyEvasionIsRefusedByTheDryRunAndTheForcedReloadWithoutEffect(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        Path corpus = Path.of("src", "test", "resources", "hostile-bytecode");
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL);
                java.util.stream.Stream<Path> files = Files.list(corpus)) {
            String revision = app.get("/ops/rules").json().get("revision").asText();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                TestServer.Reply dry =
                        app.post("/ops/rules/dry-run", Map.of("files", Map.of(name, Files.readString(file))));
                assertEquals(422, dry.status(), name + ": " + dry.text());
                assertEquals("RulesDoNotCompile", dry.json().at("/error/code").asText(), name);
                assertEquals(name, dry.json().at("/errors/0/file").asText(), name + ": " + dry.text());
                assertNoLeak(name, dry.text());

                Files.copy(file, rules.resolve(name));
                TestServer.Reply forced = app.post("/ops/rules/reload?force=true", null);
                assertEquals(422, forced.status(), name + ": " + forced.text());
                assertNoLeak(name, forced.text());
                Files.delete(rules.resolve(name));
                assertEquals(
                        revision, app.get("/ops/rules").json().get("revision").asText(), name);
            }
            for (String mark : new String[] {"unicode-comment", "nested", "function"}) {
                assertFalse(Files.exists(Path.of("/tmp/waybill-hostile-" + mark)), mark);
            }
        }
    }

    private static void assertNoLeak(String name, String answer) {
        for (String key : new String[] {
            TestServer.ADMIN_KEY, TestServer.OPERATOR_KEY, TestServer.CUSTOMER_KEY, TestServer.OTHER_CUSTOMER_KEY
        }) {
            assertFalse(answer.contains(key), name + " answered a key: " + answer);
        }
        assertFalse(answer.contains("LEAK-"), name + " ran: " + answer);
        assertFalse(answer.contains(System.getProperty("user.home") + "\""), name + " ran: " + answer);
    }
}

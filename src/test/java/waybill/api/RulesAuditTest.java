package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.engine.RulebookLoader;

/** Dry runs and reloads are counted with the name of the key that asked and the candidate's revision. */
class RulesAuditTest {
    @Test
    void dryRunsAndReloadsAreCountedByKeyNameAndNameTheCandidatesRevision(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            String broken = "package waybill.rules\nrule \"x\"\nwhen\n  Nope(\nthen\nend\n";
            TestServer.Reply refused = app.post("/ops/rules/dry-run", Map.of("files", Map.of("x.drl", broken)));
            assertEquals(422, refused.status(), refused.text());
            Map<String, String> candidate = new java.util.TreeMap<>(RulebookLoader.read(rules));
            candidate.put("x.drl", broken);
            assertEquals(
                    RulebookLoader.revisionOf(candidate),
                    refused.json().at("/candidateRevision").asText(),
                    refused.text());

            assertEquals(200, app.post("/ops/rules/dry-run", null).status());

            Files.writeString(rules.resolve("x.drl"), broken);
            assertEquals(422, app.post("/ops/rules/reload?force=true", null).status());

            String metrics = app.get("/metrics").text();
            for (String line : new String[] {
                "waybill_rules_candidates_total{action=\"dry-run\",key=\"ada\",outcome=\"refused\"} 1.0",
                "waybill_rules_candidates_total{action=\"dry-run\",key=\"ada\",outcome=\"compared\"} 1.0",
                "waybill_rules_candidates_total{action=\"forced-reload\",key=\"ada\",outcome=\"refused\"} 1.0"
            }) {
                assertTrue(
                        metrics.contains(line),
                        line + " in\n"
                                + metrics.lines()
                                        .filter(l -> l.contains("candidates"))
                                        .toList());
            }
        }
    }
}

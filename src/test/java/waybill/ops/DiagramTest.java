package waybill.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;

/** The diagrams drawn from the active rules: every state, the rules' transitions, the error paths. */
class DiagramTest {
    @Test
    void theJobAndDriveDiagramsShowEveryStateAndTheErrorPaths() throws Exception {
        Rulebook rules = RulebookLoader.load(Path.of("rules"), java.time.Instant.parse("2026-03-02T09:00:00Z"));
        RuleAtlas.Atlas atlas = new RuleAtlas(Path.of("fixtures")).of(rules);
        for (String entity : new String[] {"job", "drive"}) {
            DiagramModel.Json json = DiagramModel.json(entity, atlas, Map.of("Faulted", 2));
            String svg = DiagramModel.svg(json);
            for (String state : DiagramModel.states(entity)) {
                assertTrue(svg.contains("data-state=\"" + state + "\""), entity + " " + state);
            }
            assertTrue(svg.contains("stroke-dasharray"), "the error paths are drawn dashed");
            assertTrue(svg.contains("2 " + ("job".equals(entity) ? "jobs" : "drives")), "live counts");
            assertTrue(json.edges().stream().anyMatch(e -> e.to().equals("Faulted")), entity + " can fault");
            String out = System.getProperty("waybill.diagrams");
            if (out != null) { // scripts/console-screenshots.sh writes the docs' copies
                Files.writeString(Path.of(out, entity + "-states.svg"), svg);
            }
        }
        assertEquals(
                atlas.edges().get("job").stream().filter(e -> e.from() == null).count(),
                1,
                "a job is created one way: into Creating");
    }
}

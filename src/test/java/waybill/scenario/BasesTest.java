package waybill.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's create names a base job and says only what differs; bases are not scenarios. */
class BasesTest {
    final ScenarioLoader loader = new ScenarioLoader();

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aCreateIsItsBaseWithObjectsMergedKeyByKeyNullsRemovingAndArraysReplaced(@TempDir Path dir) throws Exception {
        write(dir.resolve("bases/small.yaml"), """
                location: West US
                tags: { team: ops }
                properties: { jobType: Import, logLevel: Error, driveList: [ { driveId: A }, { driveId: B } ] }
                """);
        write(dir.resolve("bases/smaller.yaml"), "base: small\nproperties: { logLevel: Verbose }\n");
        Path scenario = write(dir.resolve("concern/s.yaml"), """
                note: a scenario
                start: 2026-03-02T09:00:00Z
                create:
                  base: smaller
                  tags: null
                  properties: { backupDriveManifest: true, driveList: [ { driveId: C } ] }
                steps:
                  - call: create
                    body: { base: small, location: East US }
                """);
        Scenario s = loader.load(scenario);
        assertEquals(
                "{\"location\":\"West US\",\"properties\":{\"jobType\":\"Import\",\"logLevel\":\"Verbose\","
                        + "\"driveList\":[{\"driveId\":\"C\"}],\"backupDriveManifest\":true}}",
                s.create.toString());
        JsonNode body = s.steps.get(0).body;
        assertEquals("East US", body.get("location").asText());
        assertEquals(2, body.at("/properties/driveList").size());
        assertEquals(List.of(scenario), loader.files(List.of(dir)));
    }

    @Test
    void aBaseThatIsMissingOrCircularIsAClearError(@TempDir Path dir) throws Exception {
        Path missing =
                write(dir.resolve("s.yaml"), "note: n\nstart: 2026-03-02T09:00:00Z\ncreate: { base: nowhere }\n");
        IOException e = assertThrows(IOException.class, () -> loader.load(missing));
        assertTrue(e.getMessage().contains("no base named 'nowhere'"), e.getMessage());
        write(dir.resolve("bases/a.yaml"), "base: b\n");
        write(dir.resolve("bases/b.yaml"), "base: a\n");
        Path circle = write(dir.resolve("t.yaml"), "note: n\nstart: 2026-03-02T09:00:00Z\ncreate: { base: a }\n");
        e = assertThrows(IOException.class, () -> loader.load(circle));
        assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
    }

    @Test
    void aMisspeltDeadlineNameInAnExpectationMakesTheScenarioUnreadable(@TempDir Path dir) throws Exception {
        Path scenario = write(
                dir.resolve("s.yaml"),
                "note: n\nstart: 2026-03-02T09:00:00Z\nsteps:\n"
                        + "  - advance: P1D\n    expect: { deadlines: { creating-expiri: null } }\n");
        IOException e = assertThrows(IOException.class, () -> loader.load(scenario));
        assertTrue(e.getMessage().contains("unknown deadline name 'creating-expiri'"), e.getMessage());
    }

    @Test
    void theShippedBasesAreNotScenarios() throws Exception {
        assertTrue(Files.isDirectory(Path.of("fixtures", Bases.DIR)));
        assertTrue(loader.files(List.of(Path.of("fixtures"))).stream()
                .noneMatch(p -> p.toString().contains("/bases/")));
    }
}

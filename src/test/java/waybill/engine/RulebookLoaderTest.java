package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files compile all together or not at all, and every error says where it is. */
class RulebookLoaderTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String HEADER = "package waybill.rules\nimport waybill.job.Job\nimport waybill.engine.Refusal\n";

    static Map<String, String> good() {
        Map<String, String> files = new TreeMap<>();
        files.put("a.drl", HEADER + """
                rule "A job is looked at"
                    ruleflow-group "decide"
                when
                    Job()
                then
                end
                """);
        return files;
    }

    @Test
    void theShippedRulesCompile() throws Exception {
        Rulebook rb = RulebookLoader.load(Path.of("rules"), NOW);
        assertTrue(rb.rules().size() > 50, "rules loaded: " + rb.rules().size());
        RuleSource src = rb.source("A new job starts in Creating");
        assertEquals("creating.drl", src.file());
        assertTrue(src.line() > 1);
        assertEquals("decide", src.phase());
        RulebookLoader.retire(rb);
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() {
        Map<String, String> files = good();
        files.put("broken.drl", HEADER + """
                rule "Broken"
                    ruleflow-group "decide"
                when
                    Job(state ==
                then
                end
                """);
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(files, NOW));
        RuleError err = e.errors().get(0);
        assertEquals("broken.drl", err.file());
        assertTrue(err.line() >= 7 && err.line() <= 9, "line " + err.line());
        assertTrue(
                e.errors().stream().noneMatch(x -> x.line() == 0 && x.file().equals("broken.drl")),
                "the parser's line-0 echo is not repeated: " + e.errors());
    }

    @Test
    void anUnknownTypeIsReportedWithFileAndLine() {
        Map<String, String> files = good();
        files.put("types.drl", HEADER + """
                rule "Uses a type that does not exist"
                    ruleflow-group "decide"
                when
                    Parcel()
                then
                end
                """);
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(files, NOW));
        assertTrue(
                e.errors().stream()
                        .anyMatch(x -> x.file().equals("types.drl")
                                && x.line() == 7
                                && x.message().contains("Parcel")),
                e.errors().toString());
    }

    @Test
    void anUnknownFieldIsReportedWithFileAndLine() {
        Map<String, String> files = good();
        files.put("fields.drl", HEADER + """
                rule "Uses a field that does not exist"
                    ruleflow-group "decide"
                when
                    Job(colour == "red")
                then
                end
                """);
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(files, NOW));
        assertTrue(
                e.errors().stream()
                        .anyMatch(x -> x.file().equals("fields.drl")
                                && x.line() == 7
                                && x.message().contains("colour")),
                e.errors().toString());
    }

    @Test
    void aRuleOutsideEveryPhaseIsRefused() {
        Map<String, String> files = good();
        files.put("nophase.drl", HEADER + """
                rule "Has no phase"
                when
                    Job()
                then
                end
                """);
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(files, NOW));
        RuleError err = e.errors().get(0);
        assertEquals("nophase.drl", err.file());
        assertEquals(4, err.line());
        assertTrue(err.message().contains("no phase"), err.message());
    }

    @Test
    void anEmptyFolderIsAnError(@TempDir Path dir) {
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> RulebookLoader.load(dir, NOW));
        assertTrue(e.getMessage().contains("no *.drl"), e.getMessage());
    }

    @Test
    void onlyDrlFilesInsideTheFolderAreRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.drl"), good().get("a.drl"));
        Files.writeString(dir.resolve("notes.txt"), "not a rule");
        Path outside = Files.writeString(dir.getParent().resolve("outside-" + System.nanoTime() + ".drl"), "garbage");
        Files.createSymbolicLink(dir.resolve("linked.drl"), outside);
        try {
            assertEquals(List.of("a.drl"), List.copyOf(RulebookLoader.read(dir).keySet()));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void theRevisionIsAHashOfTheFiles() throws Exception {
        Rulebook a = RulebookLoader.compile(good(), NOW);
        Rulebook b = RulebookLoader.compile(good(), NOW);
        Map<String, String> edited = good();
        edited.put("a.drl", edited.get("a.drl") + "\n// a comment\n");
        Rulebook c = RulebookLoader.compile(edited, NOW);
        assertEquals(a.revision(), b.revision());
        assertNotEquals(a.revision(), c.revision());
        List.of(a, b, c).forEach(RulebookLoader::retire);
    }
}

package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The guard over the classes Drools generates holds alone: every evasion of the source check in the
 * hostile corpus (shadowed names, unicode escapes, reflection without a class literal, lambdas and method
 * references, java.lang.invoke, ServiceLoader, built class names, sleeping and huge loops; in conditions, a
 * {@code from} off a literal, a constraint calling a member off a literal, an accumulate argument reaching
 * System) is refused at load naming its rule's file and line, with the source check on and with it off,
 * and none of them has run.
 */
class RuleGuardTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "hostile-bytecode");
    static final Instant T0 = EngineTest.T0;
    static final List<String> EFFECTS = List.of(
            "/tmp/waybill-hostile-unicode-comment", "/tmp/waybill-hostile-nested", "/tmp/waybill-hostile-function");

    static Map<String, String> shippedWith(String name) throws IOException {
        Map<String, String> files = new TreeMap<>(RulebookLoader.read(Path.of("rules")));
        files.put(name, Files.readString(CORPUS.resolve(name)));
        return files;
    }

    static int markedLine(String content, String mark) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// " + mark)) {
                return i + 1;
            }
        }
        return -1;
    }

    static List<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEvasionIsRefusedAtLoadWithTheSourceCheckOn() throws IOException {
        List<String> names = corpus();
        assertTrue(names.size() >= 18, "corpus: " + names);
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Map<String, String> files = shippedWith(name);
                    RuleCompileException e = assertThrows(
                            RuleCompileException.class, () -> RulebookLoader.compile(files, T0, Budget.DEFAULT));
                    assertTrue(e.errors().stream().allMatch(err -> err.file().equals(name)), e.getMessage());
                    assertTrue(e.getMessage().contains("rule vocabulary"), e.getMessage());
                    noEffect();
                }));
    }

    @TestFactory
    Stream<DynamicTest> theGuardAloneRefusesEveryEvasionAtItsRulesLine() throws IOException {
        return corpus().stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    // the file alone: the shipped rules pass the guard (below), and a compile of all of
                    // them per evasion would cost the executable model's build of 129 rules each time
                    Map<String, String> files = Map.of(name, Files.readString(CORPUS.resolve(name)));
                    RuleCompileException e = assertThrows(
                            RuleCompileException.class, () -> RulebookLoader.compile(files, T0, Budget.DEFAULT, false));
                    int line = markedLine(files.get(name), "GUARD");
                    assertTrue(
                            e.errors().stream().anyMatch(err -> err.file().equals(name) && err.line() == line),
                            "expected an error at " + name + ":" + line + ", got:\n" + e.getMessage());
                    assertTrue(e.getMessage().contains("outside the rule vocabulary"), e.getMessage());
                    noEffect();
                }));
    }

    @Test
    void theShippedRulesPassTheGuard() throws Exception {
        Rulebook rb = RulebookLoader.compile(RulebookLoader.read(Path.of("rules")), T0, Budget.DEFAULT, false);
        try {
            assertFalse(rb.rules().isEmpty());
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void theGuardNamesTheMemberARuleReachesFor() throws Exception {
        Map<String, String> files =
                Map.of("shadowed-system.drl", Files.readString(CORPUS.resolve("shadowed-system.drl")));
        RuleCompileException e = assertThrows(
                RuleCompileException.class, () -> RulebookLoader.compile(files, T0, Budget.DEFAULT, false));
        assertEquals(
                "shadowed-system.drl:7: rule \"Shadowed System leaks the keys\" uses java.lang.System.getenv, "
                        + "which is outside the rule vocabulary",
                e.errors().stream()
                        .filter(err -> err.message().contains("java.lang.System.getenv"))
                        .findFirst()
                        .map(err -> err.file() + ":" + err.line() + ": " + err.message())
                        .orElse(e.getMessage()));
    }

    @Test
    void aPropertyChainOffALiteralInAFromIsRefusedAtItsRule() throws Exception {
        String drl = Files.readString(CORPUS.resolve("from-literal-class-loader.drl"))
                .replace("\"\".getClass().getClassLoader()", "\"\".Class.ClassLoader");
        RuleCompileException e = assertThrows(
                RuleCompileException.class,
                () -> RulebookLoader.compile(Map.of("mvel-from.drl", drl), T0, Budget.DEFAULT, false));
        assertTrue(
                e.errors().stream().anyMatch(err -> err.file().equals("mvel-from.drl") && err.line() == 7),
                e.getMessage());
        noEffect();
    }

    private static void noEffect() {
        for (String effect : EFFECTS) {
            assertFalse(Files.exists(Path.of(effect)), "a hostile rule had an effect: " + effect);
        }
    }
}

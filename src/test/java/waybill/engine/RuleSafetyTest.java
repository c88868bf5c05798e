package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import waybill.azure.PutJobParameters;
import waybill.fact.CreateJob;

/**
 * Rules cannot hurt the service: a file that reaches outside the rule vocabulary does not load; a rule
 * that loops or throws refuses the decision it is in, naming itself, and changes nothing.
 */
class RuleSafetyTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "hostile-rules");
    static final Instant T0 = EngineTest.T0;
    /** Files of the corpus that keep to the vocabulary and fail only when they run. */
    static final List<String> RUNTIME = List.of("loops.drl", "throws.drl", "throws-in-condition.drl", "fans-out.drl");

    static Map<String, String> shippedWith(String name) throws IOException {
        Map<String, String> files = new TreeMap<>(RulebookLoader.read(Path.of("rules")));
        String content = Files.readString(CORPUS.resolve(name));
        if (name.startsWith("functions")) {
            files.put("functions.drl", files.get("functions.drl") + content); // a function added to functions.drl
        } else {
            files.put(name, content);
        }
        return files;
    }

    /** The line of the file, as loaded, that the corpus marks with REFUSED. */
    static int markedLine(Map<String, String> files, String file) {
        String[] lines = files.get(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// REFUSED")) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " has no line marked REFUSED");
    }

    @TestFactory
    Stream<DynamicTest> everyHostileFileIsRefusedWithItsFileAndLine() throws IOException {
        try (Stream<Path> corpus = Files.list(CORPUS)) {
            List<String> names = corpus.map(p -> p.getFileName().toString())
                    .filter(n -> !RUNTIME.contains(n))
                    .sorted()
                    .toList();
            assertTrue(names.size() >= 15, "corpus: " + names);
            return names.stream()
                    .map(name -> DynamicTest.dynamicTest(name, () -> {
                        Map<String, String> files = shippedWith(name);
                        String file = name.startsWith("functions") ? "functions.drl" : name;
                        RuleCompileException e =
                                assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(files, T0));
                        int line = markedLine(files, file);
                        assertTrue(
                                e.errors().stream().anyMatch(err -> err.file().equals(file) && err.line() == line),
                                "expected an error at " + file + ":" + line + ", got:\n" + e.getMessage());
                        assertTrue(
                                e.errors().stream().allMatch(err -> err.file().equals(file)), e.getMessage());
                        assertTrue(e.getMessage().contains("rule vocabulary"), e.getMessage());
                        for (String effect : List.of("exec", "process", "write", "condition")) {
                            assertFalse(
                                    Files.exists(Path.of("/tmp/waybill-hostile-" + effect)),
                                    "a hostile rule had an effect: " + effect);
                        }
                    }));
        }
    }

    @Test
    void theShippedRulesKeepToTheVocabulary() throws IOException {
        assertEquals(List.of(), Vocabulary.check(RulebookLoader.read(Path.of("rules"))));
    }

    @Test
    void aLoopingRuleIsStoppedByTheBudgetAndNamedWithItsFileAndLine() throws Exception {
        Rulebook rb = RulebookLoader.compile(shippedWith("loops.drl"), T0);
        try {
            RuleFailure f = assertThrows(RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), T0));
            assertEquals(RuleFailure.Kind.BudgetExceeded, f.kind());
            assertEquals("Percent complete flips forever", f.rule());
            assertEquals("loops.drl:7", f.at());
            assertTrue(
                    f.getMessage()
                            .matches(
                                    "rule \"Percent complete flips forever\" at loops\\.drl:7 fired 9\\d\\d times "
                                            + "in one decision: a loop\\? The decision was stopped at its bound of 1,000 rule firings.*"),
                    f.getMessage());
            int loops = f.mostFired().get(0).firings();
            assertTrue(loops > 900 && loops <= Budget.DEFAULT_FIRINGS + 1, "fired " + loops);
            // the session pool is not left halted: a decision that ends in validate is made as before
            CreateJob invalid = new CreateJob();
            invalid.setJobId(EngineTest.JOB);
            invalid.setRequest(new PutJobParameters());
            Decision refused = Engine.decide(rb, null, invalid, T0);
            assertFalse(refused.accepted());
            assertFalse(refused.rejections().isEmpty());
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void aDecisionPastItsTimeBoundIsStopped() throws Exception {
        Rulebook rb = RulebookLoader.compile(
                // a bound well past the first firings' class loading, so on a loaded machine too the loop is
                // what has fired most when it is reached
                shippedWith("loops.drl"), T0, new Budget(Integer.MAX_VALUE, Duration.ofMillis(1_000)));
        try {
            long started = System.nanoTime();
            RuleFailure f = assertThrows(RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), T0));
            long millis = (System.nanoTime() - started) / 1_000_000;
            // the budget is CPU time, which runs no faster than the wall: never stopped before its bound
            assertTrue(millis >= 1_000, "stopped after " + millis + " ms");
            assertEquals(RuleFailure.Kind.BudgetExceeded, f.kind());
            assertTrue(f.getMessage().contains("ran past its bound of 1000 ms"), f.getMessage());
            assertTrue(f.getMessage().contains("Percent complete flips forever"), f.getMessage());
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void aRuleThatThrowsRefusesTheDecisionWithItsNameFileLineAndMessage() throws Exception {
        Rulebook rb = RulebookLoader.compile(shippedWith("throws.drl"), T0);
        try {
            RuleFailure f = assertThrows(RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), T0));
            assertEquals(RuleFailure.Kind.Failed, f.kind());
            assertEquals("The delivery package's carrier is shouted", f.rule());
            assertEquals("throws.drl:6", f.at());
            assertTrue(f.getMessage().contains("NullPointerException"), f.getMessage());
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void aConditionThatThrowsRefusesTheDecisionNamingItsRule() throws Exception {
        Rulebook rb = RulebookLoader.compile(shippedWith("throws-in-condition.drl"), T0);
        try {
            RuleFailure f = assertThrows(RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), T0));
            assertEquals(RuleFailure.Kind.Failed, f.kind());
            assertEquals("A long carrier name is noticed", f.rule(), f.getMessage());
            assertEquals("throws-in-condition.drl:6", f.at());
            assertTrue(f.getMessage().contains("failed in a condition"), f.getMessage());
        } finally {
            RulebookLoader.retire(rb);
        }
    }
}

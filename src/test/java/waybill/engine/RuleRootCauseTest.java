package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.engine.RuleVocabularyTest.NOW;
import static waybill.engine.RuleVocabularyTest.misspell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import waybill.engine.RuleVocabularyTest.Edit;

/**
 * A typo in the file that defines functions (limits.drl, functions.drl) is reported first at its own file
 * and line, in a handful of lines, however it breaks the file; a string compared with a field that is not a
 * deadline name or a customer response is not refused.
 */
class RuleRootCauseTest {
    private static final int HANDFUL = 5;

    private static List<RuleError> errorsOf(Edit edit, String file) {
        RuleCompileException e =
                assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(edit.files(), NOW));
        List<RuleError> errors = e.errors();
        assertTrue(errors.size() <= HANDFUL, "at most a handful of lines: " + e.getMessage());
        RuleError first = errors.get(0);
        assertEquals(file + ":" + edit.line(), first.file() + ":" + first.line(), "the first error: " + e.getMessage());
        return errors;
    }

    @Test
    void aMissingClosingBraceInLimitsIsReportedFirstAtItsLineAndItsConsequencesCollapsed() throws Exception {
        Edit edit = misspell(
                "limits.drl",
                "function String creatingExpiry() { return \"P14D\"; }",
                "function String creatingExpiry() { return \"P14D\"; ");
        List<RuleError> errors = errorsOf(edit, "limits.drl");
        assertTrue(
                errors.get(0).message().contains("does not parse"),
                errors.get(0).message());
        assertTrue(
                errors.stream().anyMatch(x -> x.message().matches("and \\d+ calls in .* fail until it parses")),
                "the calls that fail because of it are counted in one line: " + errors);
        assertTrue(
                errors.stream().allMatch(x -> x.file().equals("limits.drl")), "every line names limits.drl: " + errors);
    }

    @Test
    void anUnclosedStringInLimitsIsReportedFirstAtItsLine() throws Exception {
        Edit edit = misspell("limits.drl", "return \"P90D\"; }", "return \"P90D; }");
        errorsOf(edit, "limits.drl");
    }

    @Test
    void aMisspeltKeywordInLimitsIsReportedFirstAtItsLine() throws Exception {
        Edit edit = misspell("limits.drl", "function String packageArrivalWait", "funtion String packageArrivalWait");
        List<RuleError> errors = errorsOf(edit, "limits.drl");
        assertTrue(errors.get(0).message().contains("funtion"), errors.get(0).message());
    }

    @Test
    void aValueOfTheWrongTypeInLimitsIsReportedFirstAtItsLineNotAtEveryRule() throws Exception {
        Edit edit = misspell("limits.drl", "{ return \"P14D\"; }", "{ return 14; }");
        List<RuleError> errors = errorsOf(edit, "limits.drl");
        assertTrue(
                errors.get(0).message().contains("creatingExpiry does not compile"),
                errors.get(0).message());
    }

    @Test
    void aStatementTypoInLimitsIsReportedAtItsLine() throws Exception {
        Edit edit = misspell("limits.drl", "{ return \"P14D\"; }", "{ retrun \"P14D\"; }");
        errorsOf(edit, "limits.drl");
    }

    @Test
    void aMisspeltFunctionNameInLimitsIsReportedAtItsDefinitionNotOnlyAtItsCallers() throws Exception {
        Edit edit = misspell("limits.drl", "function String creatingExpiry()", "function String creatingExpiy()");
        List<RuleError> errors = errorsOf(edit, "limits.drl");
        assertTrue(
                errors.get(0).message().contains("creatingExpiry()"),
                errors.get(0).message());
    }

    @Test
    void anUnclosedParenthesisInFunctionsIsReportedFirstAtItsLine() throws Exception {
        Edit edit = misspell(
                "functions.drl", "function boolean isBlank(String s) {", "function boolean isBlank(String s {");
        errorsOf(edit, "functions.drl");
    }

    @Test
    void aMissingSemicolonInFunctionsIsReportedAtItsLine() throws Exception {
        Edit edit = misspell("functions.drl", "s.trim().isEmpty();", "s.trim().isEmpty()");
        errorsOf(edit, "functions.drl");
    }

    @Test
    void aJobsNameOrAResponseAsSentComparedWithAStringLoads() throws Exception {
        Map<String, String> files = RulebookLoader.read(Path.of("rules"));
        files.put("poison.drl", """
                package waybill.rules
                import waybill.job.Job
                import waybill.fact.CustomerResponded
                rule "A job named poison-job is looked at"
                    ruleflow-group "decide"
                when
                    Job(name == "poison-job", location != "nowhere")
                    $r : CustomerResponded(responseSent == "later")
                then
                end
                """);
        Rulebook book = RulebookLoader.compile(files, NOW);
        assertFalse(book.rules().isEmpty());
        RulebookLoader.retire(book);
    }

    @Test
    void aDeadlineNameComparedWithAStringInABoundPatternIsStillRefused() throws Exception {
        Edit edit = misspell(
                "creating.drl",
                "$d : Deadline(name == DeadlineName.CreatingExpiry)",
                "$d : Deadline(name == \"creating-expiry\")");
        RuleVocabularyTest.assertFailsAt(edit, "creating.drl", "DeadlineName.<Name>");
    }
}

package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import waybill.fact.CustomerResponse;
import waybill.job.DeadlineName;

/**
 * The rules name deadlines and customer responses by type: a misspelt name fails to compile with the file
 * and line, no rule file spells one as a string, and each file's first line names the deadlines it sets.
 */
class RuleVocabularyTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The shipped rules with the first occurrence of {@code from} in {@code file} replaced; and its line. */
    record Edit(Map<String, String> files, int line) {}

    static Edit misspell(String file, String from, String to) throws Exception {
        Map<String, String> files = RulebookLoader.read(Path.of("rules"));
        String text = files.get(file);
        int at = text.indexOf(from);
        assertTrue(at >= 0, file + " has " + from);
        files.put(file, text.substring(0, at) + to + text.substring(at + from.length()));
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        return new Edit(files, line);
    }

    static void assertFailsAt(Edit edit, String file, String word) {
        RuleCompileException e =
                assertThrows(RuleCompileException.class, () -> RulebookLoader.compile(edit.files(), NOW));
        assertTrue(
                e.errors().stream().anyMatch(x -> x.file().equals(file) && x.line() == edit.line()),
                "an error at " + file + ":" + edit.line() + " among " + e.errors());
        assertTrue(
                e.errors().stream().anyMatch(x -> x.message().contains(word)),
                "the error names " + word + ": " + e.errors());
    }

    @Test
    void aMisspeltDeadlineNameInAConditionFailsToCompileWithFileAndLine() throws Exception {
        Edit edit = misspell(
                "shipping.drl",
                "not Deadline(name == DeadlineName.PackageArrival)",
                "not Deadline(name == DeadlineName.PackageArival)");
        assertFailsAt(edit, "shipping.drl", "PackageArival");
    }

    @Test
    void aMisspeltDeadlineNameInAConsequenceFailsToCompileWithFileAndLine() throws Exception {
        Edit edit = misspell(
                "creating.drl", "new Deadline(DeadlineName.CreatingExpiry", "new Deadline(DeadlineName.CreatingExpiri");
        assertFailsAt(edit, "creating.drl", "CreatingExpiri");
    }

    @Test
    void aMisspeltCustomerResponseFailsToCompileWithFileAndLine() throws Exception {
        Edit edit = misspell(
                "shipping.drl", "response == CustomerResponse.ExtendWait", "response == CustomerResponse.ExtendWiat");
        assertFailsAt(edit, "shipping.drl", "ExtendWiat");
    }

    @Test
    void aDeadlineNameWrittenAsAStringIsRefusedWithFileAndLine() throws Exception {
        Edit edit = misspell(
                "shipping.drl",
                "not Deadline(name == DeadlineName.PackageArrival)",
                "not Deadline(name == \"package-arival\")");
        assertFailsAt(edit, "shipping.drl", "DeadlineName.<Name>");
    }

    @Test
    void aCustomerResponseWrittenAsAStringIsRefusedWithFileAndLine() throws Exception {
        Edit edit = misspell(
                "cancellation.drl",
                "CustomerResponded(response == CustomerResponse.Cancel)",
                "CustomerResponded(response == \"Cancel\")");
        assertFailsAt(edit, "cancellation.drl", "CustomerResponse.<Name>");
    }

    @Test
    void noRuleFileSpellsADeadlineNameOrACustomerResponseAsAString() throws Exception {
        List<String> spellings = new ArrayList<>();
        Arrays.stream(DeadlineName.values()).forEach(n -> spellings.add(n.wire()));
        Arrays.stream(CustomerResponse.values()).forEach(r -> spellings.add(r.name()));
        List<String> found = new ArrayList<>();
        RulebookLoader.read(Path.of("rules"))
                .forEach((file, text) -> spellings.forEach(s -> {
                    if (text.contains("\"" + s + "\"")) {
                        found.add(file + ": \"" + s + "\"");
                    }
                }));
        assertEquals(List.of(), found);
    }

    @Test
    void eachRuleFileOpensWithTheDeadlinesItSets() throws Exception {
        Pattern sets = Pattern.compile("new Deadline\\(DeadlineName\\.(\\w+)");
        Pattern owned = Pattern.compile("DeadlineName\\.(\\w+)");
        TreeSet<String> setSomewhere = new TreeSet<>();
        for (Map.Entry<String, String> f : RulebookLoader.read(Path.of("rules")).entrySet()) {
            String first = f.getValue().lines().findFirst().orElse("");
            assertTrue(first.startsWith("// Deadlines owned: "), f.getKey() + " opens with: " + first);
            TreeSet<String> named = new TreeSet<>();
            Matcher m = owned.matcher(first);
            while (m.find()) {
                named.add(m.group(1));
            }
            TreeSet<String> set = new TreeSet<>();
            m = sets.matcher(f.getValue());
            while (m.find()) {
                set.add(m.group(1));
            }
            assertEquals(set, named, f.getKey() + "'s first line names the deadlines it sets");
            assertTrue(first.contains(set.isEmpty() ? "none" : "DeadlineName."), first);
            setSomewhere.addAll(set);
        }
        TreeSet<String> all = new TreeSet<>();
        Arrays.stream(DeadlineName.values()).forEach(n -> all.add(n.name()));
        assertEquals(all, setSomewhere, "every deadline is set by some rule file");
    }
}

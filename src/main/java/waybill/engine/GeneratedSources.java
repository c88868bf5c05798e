package waybill.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces an error the Java compiler reports in a source Drools' executable model generated back to the
 * rule it was written for. Drools reports such an error twice: at its line of the generated file, and at
 * line 0 with the whole generated source; each rule's method there is headed {@code Rule name: NAME}. The
 * first becomes an error at the rule's file:line, the second is dropped once the first is traced.
 */
final class GeneratedSources {
    private static final String SOURCE = "Java source of ";
    private static final String RULE_NAME = "Rule name: ";

    private GeneratedSources() {}

    static List<RuleError> traced(List<RuleError> errors, Map<String, RuleError> rules) {
        Map<String, String[]> sources = new HashMap<>();
        for (RuleError e : errors) {
            int body = e.message().indexOf('\n');
            if (e.file().endsWith(".java") && e.message().startsWith(SOURCE) && body > 0) {
                sources.put(e.file(), e.message().substring(body + 1).split("\n", -1));
            }
        }
        List<RuleError> out = new ArrayList<>();
        for (RuleError e : errors) {
            if (!e.file().endsWith(".java")) {
                out.add(e);
                continue;
            }
            String rule = ruleAt(sources.get(e.file()), e.line());
            RuleError where = rule == null ? null : rules.get(rule);
            if (where != null) {
                out.add(new RuleError(
                        where.file(),
                        where.line(),
                        "rule \"" + rule + "\" does not compile to Java: " + firstLine(e.message())));
            } else if (!e.message().startsWith(SOURCE)) {
                out.add(new RuleError(
                        "(generated " + e.file().replaceFirst(".*/", "") + ")", e.line(), firstLine(e.message())));
            }
        }
        if (out.isEmpty() && !errors.isEmpty()) {
            RuleError e = errors.get(0);
            out.add(new RuleError("(generated " + e.file().replaceFirst(".*/", "") + ")", 0, firstLine(e.message())));
        }
        return out;
    }

    /** The rule whose method holds the line: the nearest {@code Rule name:} above it. */
    private static String ruleAt(String[] source, int line) {
        if (source == null || line < 1) {
            return null;
        }
        for (int i = Math.min(line, source.length) - 1; i >= 0; i--) {
            int at = source[i].indexOf(RULE_NAME);
            if (at >= 0) {
                return source[i].substring(at + RULE_NAME.length()).trim();
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

package waybill.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.kie.internal.builder.KnowledgeBuilderResult;

/**
 * Puts the cause of rule errors first, at its own file and line, and collapses what follows from it. A
 * file that does not parse defines none of its functions, so every call to them elsewhere fails too; a
 * function that does not compile fails every rule that calls it; a function whose name is misspelt where
 * it is defined leaves its callers calling a function nobody defines. Each of these is one line naming the
 * cause, followed by one line counting its consequences.
 */
final class RootCauses {
    private static final Pattern FUNCTION =
            Pattern.compile("^[ \\t]*function\\s+[\\w.<>\\[\\], ]+?\\s+(\\w+)\\s*\\(", Pattern.MULTILINE);
    /** A declaration however its first word is spelt ({@code funtion}), for a file the parser could not read. */
    private static final Pattern DECLARED =
            Pattern.compile("^[ \\t]*\\w+\\s+[\\w.<>\\[\\], ]+?\\s+(\\w+)\\s*\\([^()]*\\)\\s*\\{", Pattern.MULTILINE);

    private static final Pattern RULE = Pattern.compile("^[ \\t]*rule\\s+[\"']?([^\"'\\n]+)", Pattern.MULTILINE);
    private static final Pattern CALLS_UNKNOWN = Pattern.compile(" calls (\\w+)\\(\\), which is neither a function");
    private static final Pattern IN_DECLARATION = Pattern.compile("in (function|rule) \"([^\"]+)\"");
    private static final Pattern PARSER_PREFIX = Pattern.compile("^\\[ERR \\d+\\] Line \\d+:\\d+ ");
    private static final Pattern IMPORT_FAILED = Pattern.compile("Error importing : '[\\w.]*?\\.(\\w+)\\.(\\w+)'");
    private static final Pattern IMPORT_UNRESOLVED = Pattern.compile("The import [\\w.]*?\\.(\\w+) cannot be resolved");
    private static final Pattern FUNCTION_ERROR =
            Pattern.compile("^\\[ function (\\w+) \\(line:\\d+\\): (.*?)\\s*\\]\\s*$", Pattern.DOTALL);
    private static final int PER_FILE = 2;

    private RootCauses() {}

    /**
     * The files Drools' parser cannot read, at most two errors each. An unclosed brace or string is found
     * only where the file ends: that error is put at the line of the function or rule the parser was in.
     */
    static List<RuleError> unparsed(Map<String, String> files) {
        List<RuleError> out = new ArrayList<>();
        files.forEach((file, content) -> {
            DrlParser parser = new DrlParser();
            List<KnowledgeBuilderResult> found = new ArrayList<>();
            try {
                parser.parse(false, content);
                found.addAll(parser.getErrors());
            } catch (DroolsParserException e) {
                out.add(new RuleError(file, 0, "does not parse: " + e.getMessage()));
                return;
            }
            boolean named = found.stream()
                    .anyMatch(r -> IN_DECLARATION.matcher(r.getMessage()).find());
            Map<Integer, RuleError> byLine = new LinkedHashMap<>();
            for (KnowledgeBuilderResult r : found) {
                Matcher in = IN_DECLARATION.matcher(r.getMessage());
                if (named && !in.find()) {
                    continue; // the same stop, said without where it began
                }
                in.reset();
                int stopped = r.getLines().length > 0 ? r.getLines()[0] : 0;
                boolean atEnd = r.getMessage().contains("<eof>");
                int line = atEnd && in.find() ? declaredAt(content, in.group(1), in.group(2), stopped) : stopped;
                String text = PARSER_PREFIX.matcher(r.getMessage().trim()).replaceFirst("");
                String message = "does not parse: " + text
                        + (line != stopped
                                ? " (the parser stopped at line " + stopped
                                        + ": look for an unclosed {, ( or \" from this line on)"
                                : "");
                byLine.putIfAbsent(line, new RuleError(file, line, message));
            }
            byLine.values().stream().limit(PER_FILE).forEach(out::add);
        });
        return out;
    }

    /**
     * The parse errors first; then, for each file that does not parse, one line counting the calls to the
     * functions it defines that fail because of it; then the vocabulary errors that do not follow from it.
     */
    static List<RuleError> afterParse(List<RuleError> parse, List<RuleError> vocabulary, Map<String, String> files) {
        List<RuleError> out = new ArrayList<>(parse);
        List<RuleError> rest = new ArrayList<>(vocabulary);
        for (String broken : parse.stream().map(RuleError::file).distinct().toList()) {
            Set<String> defined = new TreeSet<>();
            Matcher d = DECLARED.matcher(files.getOrDefault(broken, ""));
            while (d.find()) {
                defined.add(d.group(1));
            }
            List<RuleError> follow =
                    rest.stream().filter(e -> defined.contains(unknownCall(e))).toList();
            rest.removeAll(follow);
            if (!follow.isEmpty()) {
                int line = parse.stream()
                        .filter(e -> e.file().equals(broken))
                        .findFirst()
                        .orElseThrow()
                        .line();
                out.add(new RuleError(
                        broken,
                        line,
                        "and " + count(follow, "call") + " to the functions it defines " + called(follow)
                                + " fail until it parses"));
            }
        }
        out.addAll(misnamed(rest, files));
        return out;
    }

    /**
     * Drools' compile errors with each function's own error first (its name and message made readable),
     * and the rules that fail because they call it collapsed into one line after it.
     */
    static List<RuleError> afterCompile(List<RuleError> errors, Map<String, String> files) {
        Map<String, String> brokenClasses = new LinkedHashMap<>(); // CreatingExpiry -> creatingExpiry
        for (RuleError e : errors) {
            Matcher m = IMPORT_FAILED.matcher(e.message());
            if (m.find()) {
                brokenClasses.put(m.group(1), m.group(2));
            }
        }
        List<RuleError> own = new ArrayList<>();
        Map<String, List<RuleError>> follow = new LinkedHashMap<>();
        for (RuleError e : errors) {
            Matcher failed = IMPORT_FAILED.matcher(e.message());
            Matcher unresolved = IMPORT_UNRESOLVED.matcher(e.message());
            if (failed.find()) {
                continue; // said by the function's own error
            } else if (unresolved.find() && brokenClasses.containsKey(unresolved.group(1))) {
                follow.computeIfAbsent(brokenClasses.get(unresolved.group(1)), k -> new ArrayList<>())
                        .add(e);
            } else {
                own.add(readable(e));
            }
        }
        List<RuleError> out = new ArrayList<>(own);
        follow.forEach((fn, rules) -> {
            RuleError at = definition(fn, files).orElse(new RuleError("(rules)", 0, ""));
            out.add(new RuleError(
                    at.file(),
                    at.line(),
                    "and " + count(rules, "rule") + " fail to compile until " + fn
                            + "() does (every rule imports every function)"));
        });
        return out;
    }

    /**
     * Calls to a function no file defines, when a file defines one whose name is a letter or two away: the
     * definition is the likelier typo, so it comes first, at its own line, and the calls are counted.
     */
    private static List<RuleError> misnamed(List<RuleError> vocabulary, Map<String, String> files) {
        Map<String, List<RuleError>> byName = new LinkedHashMap<>();
        for (RuleError e : vocabulary) {
            String name = unknownCall(e);
            if (name != null) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
            }
        }
        List<RuleError> first = new ArrayList<>();
        List<RuleError> rest = new ArrayList<>(vocabulary);
        byName.forEach((called, calls) ->
                files.forEach((file, content) -> functions(content).forEach((defined, line) -> {
                    if (!defined.equals(called) && distance(defined, called) <= 2 && rest.containsAll(calls)) {
                        rest.removeAll(calls);
                        first.add(new RuleError(
                                file,
                                line,
                                "function " + defined + " is defined here, and "
                                        + count(calls, "call") + " are to " + called
                                        + "(), which no rule file defines: is one of the two names misspelt?"));
                    }
                })));
        first.addAll(rest);
        return first;
    }

    private static RuleError readable(RuleError e) {
        Matcher m = FUNCTION_ERROR.matcher(e.message());
        if (!m.find()) {
            return e;
        }
        String name = m.group(1);
        int half = name.length() / 2;
        if (name.length() % 2 == 0 && name.substring(0, half).equals(name.substring(half))) {
            name = name.substring(0, half); // Drools writes the function's name twice
        }
        return new RuleError(e.file(), e.line(), "function " + name + " does not compile: " + m.group(2));
    }

    private static java.util.Optional<RuleError> definition(String function, Map<String, String> files) {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Integer line = functions(f.getValue()).get(function);
            if (line != null) {
                return java.util.Optional.of(new RuleError(f.getKey(), line, ""));
            }
        }
        return java.util.Optional.empty();
    }

    /** Functions a file's text defines, by name, with their lines: read without a parser, which may have failed. */
    static Map<String, Integer> functions(String content) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(content);
        while (m.find()) {
            out.putIfAbsent(m.group(1), lineOf(content, m.start(1)));
        }
        return out;
    }

    private static int declaredAt(String content, String kind, String name, int fallback) {
        Matcher m = (kind.equals("function") ? FUNCTION : RULE).matcher(content);
        while (m.find()) {
            if (m.group(1).trim().equals(name)) {
                return lineOf(content, m.start(1));
            }
        }
        return fallback;
    }

    private static String unknownCall(RuleError e) {
        Matcher m = CALLS_UNKNOWN.matcher(e.message());
        return m.find() ? m.group(1) : null;
    }

    private static String count(List<RuleError> errors, String noun) {
        Set<String> in = new TreeSet<>(errors.stream().map(RuleError::file).toList());
        return errors.size() + " " + noun + (errors.size() == 1 ? "" : "s") + " in "
                + (in.size() <= 3 ? String.join(", ", in) : in.size() + " files");
    }

    private static String called(List<RuleError> errors) {
        Set<String> names =
                new TreeSet<>(errors.stream().map(RootCauses::unknownCall).toList());
        return names.size() <= 3 ? "(" + String.join("(), ", names) + "())" : "(" + names.size() + " of them)";
    }

    private static int lineOf(String content, int at) {
        return (int) content.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Levenshtein distance, for names of a few dozen letters. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

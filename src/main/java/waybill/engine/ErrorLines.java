package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line a Drools compile error is about. Drools reports an unresolvable condition at line 0 and
 * an unresolvable name in a consequence at the rule's first line; both name what they could not resolve
 * (a misspelt {@code DeadlineName.PackageArival}), which is looked for in the file from the reported line on.
 */
final class ErrorLines {
    private static final Pattern EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\n");
    private static final Pattern STRICT = Pattern.compile("strict-mode: (?:[\\w$]+\\.)*([\\w$]+\\.[\\w$]+)\\(\\)");
    private static final Pattern UNRESOLVED = Pattern.compile("([\\w$]+) cannot be resolved");

    private ErrorLines() {}

    /** The line (1-based) the message is about, or {@code reported} when the text names nothing found. */
    static int locate(String content, int reported, String message) {
        if (content == null) {
            return reported;
        }
        String[] lines = content.split("\n", -1);
        for (String wanted : wanted(message)) {
            Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(wanted) + "(?![\\w$])");
            for (int i = Math.max(reported - 1, 0); i < lines.length; i++) {
                if (word.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
        }
        return reported;
    }

    private static List<String> wanted(String message) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(EXPRESSION, STRICT, UNRESOLVED)) {
            Matcher m = p.matcher(message + "\n");
            if (m.find()) {
                out.add(m.group(1).trim());
            }
        }
        return out;
    }
}

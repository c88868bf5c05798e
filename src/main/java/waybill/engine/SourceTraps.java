package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a check on the source could read other code than the Java compiler does, or than MVEL resolves
 * at run time: unicode escapes, names that hide types or packages, reflective properties. The
 * {@link Vocabulary} check refuses each; {@link RuleGuard} holds whatever gets past.
 */
final class SourceTraps {
    private SourceTraps() {}

    private static final java.util.regex.Pattern ESCAPE = java.util.regex.Pattern.compile("\\\\u+[0-9a-fA-F]{4}");

    /**
     * A unicode escape anywhere in a file is refused: the Java compiler reads it before anything else (a
     * backslash-u escape for a line break ends a comment, one for a quote ends a string) and this check would read other code
     * than the compiler does. Write the character itself.
     */
    static List<RuleError> unicodeEscapes(String file, String content) {
        List<RuleError> errors = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = ESCAPE.matcher(lines[i]);
            if (m.find()) {
                errors.add(new RuleError(
                        file,
                        i + 1,
                        "the unicode escape " + m.group() + " is outside the rule vocabulary: the Java compiler "
                                + "reads it as code before anything else; write the character itself"));
            }
        }
        return errors;
    }

    /** The first names of packages: a variable so named would hide fully qualified names. */
    static final Set<String> PACKAGE_ROOTS =
            Set.of("java", "javax", "jdk", "sun", "com", "org", "net", "io", "waybill", "kotlin", "groovy");

    /** Properties that MVEL reads through reflective getters: {@code x.class}, {@code x.Class.ClassLoader}. */
    static boolean reflective(String property) {
        if (property.isEmpty() || property.equals("TYPE")) {
            return !property.isEmpty();
        }
        String getter = "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        return Vocabulary.MEMBERS.contains(getter)
                || Vocabulary.MEMBERS.contains(property)
                || property.equalsIgnoreCase("class")
                || property.equalsIgnoreCase("superclass")
                || property.equalsIgnoreCase("componentType")
                || property.equalsIgnoreCase("module");
    }
}

package waybill.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import waybill.fact.CustomerResponse;
import waybill.job.DeadlineName;

/**
 * Refuses a deadline name or a customer response written as a string in a rule file. Drools compares an
 * enum with a string without complaint, so {@code Deadline(name == "package-arival")} would compile and
 * never match; written {@code DeadlineName.PackageArrival} or {@code CustomerResponse.ExtendWait}, a typo
 * fails to compile. Only a field typed as one of the two is a risk: a string compared with a {@code name}
 * or {@code response} field is refused when the pattern it sits in ({@code Deadline(}, or a variable bound
 * to one) is a class whose field of that name is a {@link DeadlineName} or a {@link CustomerResponse}; a
 * job's name, a response as sent, are strings. A string given to {@code new Deadline(} or {@code new
 * TimerFired(} is refused too.
 */
final class SpeltNames {
    private static final Pattern STRING_NAME = Pattern.compile(
            "(?:(\\$[\\w$]+)\\s*\\.\\s*)?\\b(name|response|responseSent)\\s*(?:==|!=|(?:not\\s+)?in\\s*\\()\\s*\"([^\"]*)\""
                    + "|new\\s+Deadline\\s*\\(\\s*\"([^\"]*)\"|new\\s+TimerFired\\s*\\([^,()]*,\\s*\"([^\"]*)\"");
    private static final List<String> MODEL =
            List.of("waybill.job.", "waybill.fact.", "waybill.drive.", "waybill.engine.");
    private static final Set<Class<?>> TYPED = Set.of(DeadlineName.class, CustomerResponse.class);

    private SpeltNames() {}

    static List<RuleError> check(Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, content) -> {
            String code = content.replaceAll("//[^\\n]*", "");
            Matcher m = STRING_NAME.matcher(code);
            while (m.find()) {
                String spelt;
                if (m.group(2) != null) {
                    String owner = m.group(1) != null ? bound(code, m.group(1)) : enclosing(code, m.start(2));
                    if (!typed(owner, m.group(2))) {
                        continue;
                    }
                    spelt = m.group(3);
                } else {
                    spelt = m.group(4) != null ? m.group(4) : m.group(5);
                }
                int line = (int) code.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                errors.add(new RuleError(
                        file,
                        line,
                        "\"" + spelt + "\" is written as a string: name a deadline "
                                + "as DeadlineName.<Name> and a customer response as CustomerResponse.<Name>, so that "
                                + "a misspelling fails to compile"));
            }
        });
        return errors;
    }

    /** The type of the pattern an offset sits in: the word before the nearest unclosed {@code (}. */
    private static String enclosing(String code, int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && depth-- == 0) {
                Matcher word = Pattern.compile("([\\w$]+)\\s*$").matcher(code.substring(Math.max(0, i - 80), i));
                return word.find() ? word.group(1) : null;
            }
        }
        return null;
    }

    /** The type a pattern variable is bound to ({@code $d : Deadline(}), or null. */
    private static String bound(String code, String variable) {
        Matcher m = Pattern.compile(Pattern.quote(variable) + "\\s*:\\s*([\\w$]+)\\s*\\(")
                .matcher(code);
        return m.find() ? m.group(1) : null;
    }

    /** True when the model class named has a property of this name typed as a deadline name or a response. */
    private static boolean typed(String type, String property) {
        if (type == null) {
            return false;
        }
        String getter = "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String pkg : MODEL) {
            Optional<Class<?>> c = Vocabulary.load(pkg + type);
            if (c.isPresent()) {
                for (Method method : c.get().getMethods()) {
                    if (method.getParameterCount() == 0
                            && (method.getName().equals(getter)
                                    || method.getName().equals(property))) {
                        return TYPED.contains(method.getReturnType());
                    }
                }
                return false;
            }
        }
        return false;
    }
}

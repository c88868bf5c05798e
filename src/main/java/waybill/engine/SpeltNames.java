package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a deadline name or a customer response written as a string in a rule file. Drools compares an
 * enum with a string without complaint, so {@code name == "package-arival"} would compile and never
 * match; written {@code DeadlineName.PackageArrival} or {@code CustomerResponse.ExtendWait}, a typo fails
 * to compile. The check is lexical: a string compared with a {@code name} or {@code response} field, or
 * given to {@code new Deadline(} or {@code new TimerFired(}.
 */
final class SpeltNames {
    private static final Pattern STRING_NAME =
            Pattern.compile("\\b(?:name|response|responseSent)\\s*(?:==|!=|(?:not\\s+)?in\\s*\\()\\s*\"([^\"]*)\""
                    + "|new\\s+Deadline\\s*\\(\\s*\"([^\"]*)\"|new\\s+TimerFired\\s*\\([^,()]*,\\s*\"([^\"]*)\"");

    private SpeltNames() {}

    static List<RuleError> check(Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, content) -> {
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String code = lines[i].replaceFirst("//.*$", "");
                Matcher m = STRING_NAME.matcher(code);
                while (m.find()) {
                    String spelt = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    errors.add(new RuleError(
                            file,
                            i + 1,
                            "\"" + spelt + "\" is written as a string: name a deadline "
                                    + "as DeadlineName.<Name> and a customer response as CustomerResponse.<Name>, so that "
                                    + "a misspelling fails to compile"));
                }
            }
        });
        return errors;
    }
}

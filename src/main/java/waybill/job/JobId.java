package waybill.job;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A job's resource id: {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}}. */
public record JobId(String subscriptionId, String resourceGroup, String name) {
    private static final Pattern ID = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ImportExport/jobs/([^/]+)$");

    public static Optional<JobId> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        return m.matches() ? Optional.of(new JobId(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    public String id() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.ImportExport/jobs/" + name;
    }
}

package waybill.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import waybill.engine.ActionType;

/**
 * The mails, one plain-text and one HTML template per action type, in {@code src/main/resources/waybill/mail/}.
 * The text's first line is {@code Subject: ...}. Placeholders {@code {{name}}} are filled from the action's
 * event: the job, its drives, the deadline, the job's state, the reason the rule gave, the rule (HTML-escaped
 * in the HTML). The event carries no personal data, so neither does a mail (no BitLocker key, ever).
 */
final class MailTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private final Map<ActionType, String[]> templates = new EnumMap<>(ActionType.class);

    /** A mail as sent. */
    record Mail(String subject, String text, String html) {}

    MailTemplates() {
        for (ActionType t : ActionType.values()) {
            String text = resource(t + ".txt");
            String html = resource(t + ".html");
            if (!text.startsWith("Subject: ")) {
                throw new IllegalStateException("mail template " + t + ".txt must start with 'Subject: '");
            }
            int eol = text.indexOf('\n');
            templates.put(t, new String[] {text.substring(9, eol).trim(), text.substring(eol + 1), html});
        }
    }

    /** The mail of an action event ({@code data} of the CloudEvent). */
    Mail render(String eventId, JsonNode data) {
        ActionType type = ActionType.valueOf(data.path("type").asText());
        Map<String, String> values = new LinkedHashMap<>();
        String jobId = data.path("jobId").asText();
        values.put("jobId", jobId);
        values.put("jobName", jobId.substring(jobId.lastIndexOf('/') + 1));
        StringBuilder drives = new StringBuilder();
        data.path("driveIds")
                .forEach(d -> drives.append(drives.isEmpty() ? "" : ", ").append(d.asText()));
        values.put("drives", drives.isEmpty() ? "none named" : drives.toString());
        values.put("deadline", data.hasNonNull("dueAt") ? data.get("dueAt").asText() : "none");
        values.put(
                "jobState", data.hasNonNull("jobState") ? data.get("jobState").asText() : "deleted");
        values.put("reason", data.path("reason").asText(""));
        values.put("rule", data.path("rule").asText(""));
        values.put("actionId", data.path("id").asText());
        values.put("eventId", eventId);
        String[] t = templates.get(type);
        return new Mail(fill(t[0], values, false), fill(t[1], values, false), fill(t[2], values, true));
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("mail template placeholder {{" + m.group(1) + "}} is unknown");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(v) : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String resource(String name) {
        try (InputStream in = MailTemplates.class.getResourceAsStream("/waybill/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("mail template " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

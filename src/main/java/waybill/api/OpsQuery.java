package waybill.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import waybill.job.JobState;

/** The query parameters of the operators' read routes, each checked with a message that says what was wrong. */
final class OpsQuery {
    static final int MAX_TOP = 500;
    static final int DEFAULT_TOP = 50;

    private OpsQuery() {}

    static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static String state(Context ctx) {
        String raw = text(ctx, "state");
        if (raw == null) {
            return null;
        }
        return Arrays.stream(JobState.values())
                .map(Enum::name)
                .filter(s -> s.equalsIgnoreCase(raw))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        ErrorCode.InvalidQueryParameter,
                        "state '" + raw + "' is not one of " + Arrays.toString(JobState.values()),
                        "state"));
    }

    static int top(Context ctx) {
        String raw = text(ctx, "$top");
        if (raw == null) {
            return DEFAULT_TOP;
        }
        try {
            int top = Integer.parseInt(raw);
            if (top >= 1 && top <= MAX_TOP) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(
                ErrorCode.InvalidQueryParameter,
                "$top must be a whole number from 1 to " + MAX_TOP + ", not '" + raw + "'",
                "$top");
    }

    static String after(Context ctx) {
        String token = text(ctx, "$skipToken");
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "$skipToken is not one this service issued: follow nextLink as given",
                    "$skipToken");
        }
    }

    static String token(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    /** An instant parameter (ISO-8601, e.g. 2026-03-02T09:00:00Z), or null when absent. */
    static Instant instant(Context ctx, String name) {
        String raw = text(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    name + " must be an instant such as 2026-03-02T09:00:00Z, not '" + raw + "'",
                    name);
        }
    }

    /** One of the allowed values, {@code fallback} when absent. */
    static String oneOf(Context ctx, String name, String fallback, String... allowed) {
        String raw = text(ctx, name);
        if (raw == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(raw)) {
                return a;
            }
        }
        throw new ApiException(
                ErrorCode.InvalidQueryParameter,
                name + " must be one of " + String.join(", ", allowed) + ", not '" + raw + "'",
                name);
    }
}

package waybill.api;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import waybill.azure.Locations;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.store.Store;

/** Jobs_ListByResourceGroup and Jobs_ListBySubscription: pages of at most $top jobs, $filter on state, a nextLink. */
final class JobListing {
    static final int MAX_TOP = 100;
    private static final Pattern STATE_FILTER =
            Pattern.compile("^\\s*(?:properties/)?state\\s+eq\\s+'([A-Za-z]+)'\\s*$", Pattern.CASE_INSENSITIVE);

    private final Store store;
    private final Locations locations;
    private final waybill.config.PublicLinks links;
    private final java.util.function.IntSupplier port;

    JobListing(
            Store store, Locations locations, waybill.config.PublicLinks links, java.util.function.IntSupplier port) {
        this.links = links;
        this.port = port;
        this.store = store;
        this.locations = locations;
    }

    void list(Context ctx, String subscription, String resourceGroup) {
        int top = top(ctx.queryParam("$top"));
        String filter = ctx.queryParam("$filter");
        String state = state(filter);
        String after = skipToken(ctx.queryParam("$skipToken"));
        List<Job> page = store.list(subscription, resourceGroup, state, after, top + 1);
        boolean more = page.size() > top;
        List<Job> shown = more ? page.subList(0, top) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "value",
                shown.stream()
                        .filter(Job::isRegistered)
                        .map(j -> JobView.listed(j, locations, ctx, resourceGroup != null))
                        .toList());
        body.put(
                "nextLink",
                more ? nextLink(ctx, top, filter, shown.get(shown.size() - 1).getId()) : null);
        ctx.json(body);
    }

    private static int top(String raw) {
        if (raw == null) {
            return MAX_TOP;
        }
        try {
            int top = Integer.parseInt(raw.trim());
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

    private static String state(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher m = STATE_FILTER.matcher(filter);
        if (!m.matches()) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "$filter supports only state eq '<state>', for example " + "state eq 'Shipping'; not '" + filter
                            + "'",
                    "$filter");
        }
        return Arrays.stream(JobState.values())
                .map(Enum::name)
                .filter(s -> s.equalsIgnoreCase(m.group(1)))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        ErrorCode.InvalidQueryParameter,
                        "$filter names state '" + m.group(1) + "', which is not one of "
                                + Arrays.toString(JobState.values()),
                        "$filter"));
    }

    private static String skipToken(String token) {
        if (token == null || token.isBlank()) {
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

    private String nextLink(Context ctx, int top, String filter, String lastId) {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
        String base = links.base(ctx.header("X-Forwarded-Proto"), ctx.header("X-Forwarded-Host"), port.getAsInt());
        StringBuilder sb = new StringBuilder(base + ctx.path())
                .append("?api-version=")
                .append(enc(ctx.queryParam(ApiVersion.PARAM)))
                .append("&$top=")
                .append(top);
        if (filter != null && !filter.isBlank()) {
            sb.append("&$filter=").append(enc(filter));
        }
        return sb.append("&$skipToken=").append(token).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

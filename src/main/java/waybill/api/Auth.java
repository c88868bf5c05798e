package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Optional;
import waybill.access.ApiKeys;
import waybill.access.ApiKeys.Principal;
import waybill.access.Role;

/**
 * Who may call what (docs/security.md). Every request but the public documents ({@code /health},
 * {@code /openapi.json}, {@code /docs} and the page's {@code /webjars/} files, the console's static
 * {@code /console} files) carries
 * {@code Authorization: Bearer KEY}; no key or an unknown key is 401 (with {@code WWW-Authenticate}), a
 * known key whose role may not use the route is 403. A customer key reaches the Jobs API only in its own
 * subscriptions: any other subscription answers the same 404 whether or not it (or the job) exists.
 *
 * <p>The rule is chosen by the matched route's template (not the raw path), after Javalin has matched
 * it, so encodings of a path cannot reach a route under another rule. Routes this class does not know
 * are admin-only: a new route is closed until someone opens it here.
 */
final class Auth {
    static final String PRINCIPAL = "waybill.principal";

    private final ApiKeys keys;

    Auth(ApiKeys keys) {
        this.keys = keys;
    }

    void register(RoutesConfig r) {
        r.before(this::authenticate);
        r.beforeMatched(this::authorize);
    }

    /** The caller of a request that passed {@link #authenticate}; null on the public documents. */
    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** The name of the caller's key (docs/security.md), or null on the public documents. */
    static String name(Context ctx) {
        Principal p = principal(ctx);
        return p == null ? null : p.name();
    }

    private void authenticate(Context ctx) {
        if (open(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"waybill\"");
            throw new ApiException(
                    ErrorCode.AuthenticationFailed,
                    "this request needs an API key: send the header "
                            + "Authorization: Bearer KEY (serve prints a generated admin key at its first start and keeps "
                            + "it in DATA/admin.key)",
                    "Authorization");
        }
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        Optional<Principal> p = key == null ? Optional.empty() : keys.authenticate(key);
        if (p.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"waybill\", error=\"invalid_token\"");
            throw new ApiException(
                    ErrorCode.AuthenticationFailed,
                    key == null
                            ? "the Authorization header must be 'Bearer KEY'"
                            : "the API key is not known to this service; ask an administrator for a key",
                    "Authorization");
        }
        ctx.attribute(PRINCIPAL, p.get());
    }

    private static boolean open(String path) {
        // health for load balancers; the API's description and its Swagger UI page with the page's own
        // static files: public documents holding no data (the page's "Try it out" sends the key it is given)
        return path.equals("/health")
                || path.equals("/openapi.json")
                || path.equals("/docs")
                || path.startsWith("/webjars/")
                || ConsoleRoutes.isConsolePath(path);
    }

    private void authorize(Context ctx) {
        if (open(ctx.path())) {
            return;
        }
        Principal p = principal(ctx);
        if (p == null) {
            throw new ApiException(ErrorCode.AuthenticationFailed, "this request needs an API key", "Authorization");
        }
        Endpoint e = matched(ctx);
        String route = e == null ? null : e.path;
        HandlerType m = ctx.method();
        boolean read = m == HandlerType.GET || m == HandlerType.HEAD;
        if (route != null && route.startsWith("/subscriptions/")) {
            jobs(ctx, p, route, read);
            return;
        }
        Role needed = needed(ctx, route, read);
        if (!p.role().allows(needed)) {
            throw forbidden(p, needed, ctx);
        }
    }

    /** The Jobs API: customers in their own subscriptions, operators read, admins everything. */
    private static void jobs(Context ctx, Principal p, String route, boolean read) {
        switch (p.role()) {
            case ADMIN -> {}
            case OPERATOR -> {
                if (!read) {
                    throw forbidden(p, Role.CUSTOMER, ctx);
                }
            }
            case CUSTOMER -> {
                String sub = ctx.pathParam("sub");
                if (!p.owns(sub)) {
                    // the same answer for every subscription that is not the key's: nothing about its jobs leaks
                    throw new ApiException(
                            ErrorCode.SubscriptionNotFound,
                            "subscription " + sub + " is not found, or this key does not reach it",
                            "subscriptionId");
                }
            }
        }
    }

    /** The least role a non-Jobs route needs. Unknown routes: admin. */
    private static Role needed(Context ctx, String route, boolean read) {
        if (route == null) {
            return Role.ADMIN;
        }
        if (route.startsWith("/providers/") || route.equals("/metrics")) {
            return Role.CUSTOMER;
        }
        if (route.equals("/ops/jobs") || route.equals("/ops/job") || route.equals("/ops/me")) {
            return Role.CUSTOMER; // a customer key sees its own subscriptions' jobs only (OpsViewRoutes)
        }
        if (route.equals("/ops/calendar")) {
            return Role.OPERATOR;
        }
        if (route.equals("/ops/facts")) {
            String dry = ctx.queryParam("dryRun");
            return dry != null && !dry.equals("false") ? Role.ADMIN : Role.OPERATOR;
        }
        if (route.equals("/ops/actions")
                || route.equals("/ops/actions/{id}/complete")
                || route.equals("/ops/history")
                || (route.equals("/ops/deliveries") && read)) {
            return Role.OPERATOR;
        }
        if (route.equals("/ops/rules") || route.startsWith("/ops/rules/")) {
            boolean dryRun = route.contains("dry-run") || route.contains("dryRun");
            return read && !dryRun ? Role.OPERATOR : Role.ADMIN;
        }
        if (route.equals("/ops/clock")) {
            return read ? Role.OPERATOR : Role.ADMIN;
        }
        if (route.equals("/ops/incidents") || route.startsWith("/ops/incidents/{id}/")) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    private static ApiException forbidden(Principal p, Role needed, Context ctx) {
        String who = needed == Role.CUSTOMER
                ? "a customer key for the subscription (or an admin key)"
                : needed == Role.OPERATOR ? "an operator or admin key" : "an admin key";
        return new ApiException(
                ErrorCode.AuthorizationFailed,
                "a " + p.role() + " key may not " + ctx.method() + " " + ctx.path() + "; this needs " + who,
                "Authorization");
    }

    private static Endpoint matched(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.RuleFailure;
import waybill.store.StoreUnavailableException;

/** The one place errors become responses: {@code {"error": {code, message, target, details}}} plus any extra members. */
public final class ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private static final String ANSWERED = "waybill.error.answered";

    private ErrorHandler() {}

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
        // a body over Javalin's maxRequestSize (a chunked body without Content-Length): 413 with the ARM error body
        routes.exception(ContentTooLargeResponse.class, (e, ctx) -> answer(ctx, BodyGuard.tooLarge()));
        routes.exception(RuleFailure.class, (e, ctx) -> answer(ctx, ruleFailure(e)));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> unavailable(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof StoreUnavailableException away) {
                    unavailable(ctx, away);
                    return;
                }
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(
                    ctx,
                    new ApiException(
                            ErrorCode.InternalError,
                            "the service failed to answer: " + e.getClass().getSimpleName() + "; see the service log"));
        });
        routes.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                answer(
                        ctx,
                        new ApiException(
                                ErrorCode.RouteNotFound,
                                "no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json for the routes",
                                ctx.path()));
            }
        });
    }

    /**
     * The rules could not decide: a 500 (the caller's request was fine, nothing was changed) whose code and
     * message say which rule, where it is written and what happened, so operators know what to fix.
     */
    static ApiException ruleFailure(RuleFailure f) {
        ErrorCode code =
                f.kind() == RuleFailure.Kind.BudgetExceeded ? ErrorCode.RuleBudgetExceeded : ErrorCode.RuleFailed;
        return new ApiException(
                        code,
                        f.getMessage() + "; nothing was changed",
                        "rules",
                        List.of(new ApiException.Detail(code.name(), f.getMessage(), f.at())))
                .with("rule", Map.of("name", f.rule(), "at", f.at(), "revision", String.valueOf(f.revision())));
    }

    /** Seconds a client should wait before sending again while the store is away. */
    static final int RETRY_AFTER_SECONDS = 2;

    /** The store is away: 503 at once, nothing acknowledged, and when to try again. */
    private static void unavailable(Context ctx, StoreUnavailableException e) {
        ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        answer(
                ctx,
                new ApiException(
                        ErrorCode.ServiceUnavailable,
                        "the store cannot be reached (" + e.getMessage()
                                + "); nothing was acknowledged: send the request again after "
                                + RETRY_AFTER_SECONDS + " s (a fact with a factId is decided once)"));
    }

    static void answer(Context ctx, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        error.put("target", e.target() != null ? e.target() : ctx.path());
        error.put("details", e.details());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.putAll(e.extra());
        ctx.attribute(ANSWERED, true);
        ctx.status(e.code().status()).json(body);
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place errors become responses: {@code {"error": {code, message, target, details}}} plus any extra members. */
public final class ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private static final String ANSWERED = "waybill.error.answered";

    private ErrorHandler() { }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
        // a body over Javalin's maxRequestSize (a chunked body without Content-Length): 413 with the ARM error body
        routes.exception(ContentTooLargeResponse.class, (e, ctx) -> answer(ctx, BodyGuard.tooLarge()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, new ApiException(ErrorCode.InternalError,
                    "the service failed to answer: " + e.getClass().getSimpleName() + "; see the service log"));
        });
        routes.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                answer(ctx, new ApiException(ErrorCode.RouteNotFound,
                        "no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json for the routes", ctx.path()));
            }
        });
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

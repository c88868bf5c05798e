package waybill.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * The Azure Resource Manager routes answer only the api-versions the official clients send: 2016-11-01 too, which
 * the Azure CLI extension, the Python SDK 0.1.0 and the PowerShell module sent, and to which the real service
 * answered with the same shapes as the later versions.
 */
final class ApiVersion {
    static final List<String> SUPPORTED = List.of("2021-01-01", "2020-08-01", "2016-11-01");
    static final String PARAM = "api-version";

    private ApiVersion() {}

    /** Wraps a handler so that a missing or unsupported api-version is a 400 before anything else happens. */
    static Handler required(Handler handler) {
        return ctx -> {
            check(ctx);
            handler.handle(ctx);
        };
    }

    static String check(Context ctx) {
        String v = ctx.queryParam(PARAM);
        if (v == null || v.isBlank()) {
            throw new ApiException(
                    ErrorCode.MissingApiVersion,
                    "the api-version query parameter is required: add ?api-version=" + SUPPORTED.get(0)
                            + " (supported: " + String.join(", ", SUPPORTED) + ")",
                    PARAM);
        }
        if (ctx.queryParams(PARAM).size() > 1) {
            throw new ApiException(
                    ErrorCode.InvalidApiVersion, "api-version is given more than once: give it once", PARAM);
        }
        if (!SUPPORTED.contains(v)) {
            throw new ApiException(
                    ErrorCode.InvalidApiVersion,
                    "api-version '" + v + "' is not supported: use one of " + String.join(", ", SUPPORTED),
                    PARAM);
        }
        return v;
    }
}

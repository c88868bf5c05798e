package waybill.api;

import io.javalin.http.Context;

/** A boolean query parameter: absent or false, true or empty; anything else is a 400 naming it. */
final class Flags {
    private Flags() {}

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw new ApiException(ErrorCode.InvalidQueryParameter, name + " must be true or false, not '" + v + "'", name);
    }
}

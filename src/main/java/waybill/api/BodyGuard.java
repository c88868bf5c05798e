package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a request body must be before any route reads it: at most {@link #MAX_BODY_BYTES} (else 413), sent
 * as JSON when its type is named (else 415), and valid UTF-8 (else 400, rather than silently replaced
 * characters). A body sent with another method than POST, PUT or PATCH is read (within the same limit) and
 * ignored. The JSON itself is checked by {@link ApiJson}: strict types, no unknown fields, bounded
 * nesting, string and number sizes.
 */
final class BodyGuard {
    /** The largest request body accepted: far above any Jobs or facts body (a full job is a few KB). */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private BodyGuard() {}

    static void register(RoutesConfig r) {
        r.beforeMatched(BodyGuard::check);
    }

    static ApiException tooLarge() {
        return new ApiException(
                ErrorCode.RequestContentTooLarge,
                "the request body is larger than " + MAX_BODY_BYTES
                        + " bytes; send a smaller body (split an array of facts)",
                "body");
    }

    private static void check(Context ctx) {
        HandlerType m = ctx.method();
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (m != HandlerType.POST && m != HandlerType.PUT && m != HandlerType.PATCH) {
            if (length > 0 || ctx.header("Transfer-Encoding") != null) {
                // read, and then ignored: answered before it arrived, the connection was closed on its unread
                // bytes, and the client could lose the answer to that close (UnreadBodyTest)
                ctx.bodyAsBytes();
            }
            return;
        }
        byte[] body = ctx.bodyAsBytes(); // bounded by Javalin's maxRequestSize (chunked bodies too)
        if (body.length == 0) {
            return;
        }
        String type = ctx.header("Content-Type");
        if (type != null && !type.isBlank()) {
            String t = type.toLowerCase(Locale.ROOT);
            int semi = t.indexOf(';');
            String media = (semi < 0 ? t : t.substring(0, semi)).trim();
            if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
                throw new ApiException(
                        ErrorCode.UnsupportedMediaType,
                        "the body's Content-Type is '" + clip(type) + "'; send JSON as application/json",
                        "Content-Type");
            }
            if (semi >= 0) {
                String params = t.substring(semi + 1).replace(" ", "");
                int cs = params.indexOf("charset=");
                if (cs >= 0) {
                    String charset = params.substring(cs + 8).split(";")[0].replace("\"", "");
                    if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                        throw new ApiException(
                                ErrorCode.UnsupportedMediaType,
                                "the body's charset is '" + clip(charset) + "'; send JSON in UTF-8",
                                "Content-Type");
                    }
                }
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent, "the body is not valid UTF-8; send JSON in UTF-8", "body");
        }
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}

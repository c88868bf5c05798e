package waybill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches a route (a URI it refuses as ambiguous, such as
 * {@code /%2e%2e/ops/facts}, or a malformed request line or header): the same error body as every other
 * error ({@link waybill.api.ErrorHandler}), not Jetty's HTML page, so clients and the OpenAPI document see
 * one shape. The status stays Jetty's.
 */
final class JettyErrors extends ErrorHandler {
    private final ObjectMapper json;

    JettyErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", ErrorCode.InvalidRequest.name());
        error.put(
                "message",
                "the HTTP request is malformed (" + (message == null ? "status " + code : message)
                        + "): check the path's encoding, the request line and the headers; nothing was done");
        error.put("target", "request");
        error.put("details", List.of());
        byte[] body = json.writeValueAsBytes(Map.of("error", error));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}

package waybill.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import waybill.api.OpenApiContract;
import waybill.json.Mappers;

/**
 * One Waybill instance of a {@link Cluster}: its process, port, rules folder, and an HTTP client that
 * sends the admin key and checks every answer against /openapi.json, as the in-process tests do.
 */
public final class Node {
    static final ObjectMapper JSON = Mappers.json();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the instance answered; status -1 when it could not be reached (killed, not started). */
    public record Reply(int status, JsonNode json, String text, long millis, String retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * How long a request may take unless a test gives its own bound: generous, since a burst of requests on
     * four JVMs sharing two loaded cores may wait long (seen: over 15 s); a test asserting promptness passes
     * its own timeout.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    public final String name;
    public final int port;
    public final Path rules;
    final Proc proc;

    Node(String name, int port, Path rules, Proc proc) {
        this.name = name;
        this.port = port;
        this.rules = rules;
        this.proc = proc;
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply send(String method, String path, Object body) {
        return send(method, path, body, TIMEOUT);
    }

    /** The same, given up after {@code timeout} (then status -1 and the timeout's message). */
    public Reply send(String method, String path, Object body, Duration timeout) {
        long t0 = System.nanoTime();
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + Cluster.ADMIN_KEY);
            if (text != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(
                    method,
                    text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            OpenApiContract.get()
                    .check(
                            method,
                            path,
                            r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(null),
                            r.body());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Reply(
                    r.statusCode(),
                    json,
                    r.body(),
                    millis,
                    r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Reply(-1, null, e.toString(), (System.nanoTime() - t0) / 1_000_000, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when this instance's output since its start holds {@code line}. */
    public boolean logged(String line) throws IOException {
        return proc.logged(line);
    }

    public boolean alive() {
        return proc.alive();
    }

    /** Stops this instance as an operator would (SIGTERM: it closes its store), and waits for it. */
    public void stop() throws InterruptedException {
        proc.close();
    }

    /** kill -9 of this instance. */
    public void kill() throws InterruptedException {
        proc.kill();
    }

    @Override
    public String toString() {
        return name + " (port " + port + ")";
    }
}

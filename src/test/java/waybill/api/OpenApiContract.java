package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import waybill.json.Mappers;

/**
 * The served OpenAPI document ({@code waybill/api/openapi.json}) as a contract every HTTP test's answer is
 * held to: the request is matched to a path template and method of the document, the response by its
 * status (exact, then {@code 4XX}, then {@code default}), and its JSON body validated against the schema
 * with networknt's OpenAPI 3.0 dialect ({@code nullable}, {@code discriminator}). Any drift (a route or
 * status the document does not describe, an undeclared property, a wrong type, a null where none is
 * allowed) is an {@link AssertionError} in the test that sent the request.
 *
 * <p>A request the document does not describe (an unknown path or method) may only be refused, with the
 * error body: 400 for a request the HTTP server cannot parse, 401 before routing, 404 {@code RouteNotFound}
 * or 405. HEAD is GET without the body (RFC 9110): its status is held to the GET operation.
 */
public final class OpenApiContract {
    static final String DOCUMENT = "waybill/api/openapi.json";
    private static final OpenApiContract INSTANCE = new OpenApiContract();
    private static final Set<Integer> UNROUTED = Set.of(400, 401, 404, 405);

    private final JsonNode doc;
    private final List<Template> templates;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    /** Validated responses per operation ("GET /path status"), written to target/ when the JVM ends. */
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** A path of the document, as a pattern over request paths; literal segments rank before parameters. */
    record Template(String path, Pattern pattern, int parameters) {}

    private OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the class path");
            }
            doc = Mappers.json().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Template> t = new ArrayList<>();
        doc.get("paths")
                .fieldNames()
                .forEachRemaining(p -> t.add(new Template(
                        p, pattern(p), (int) p.chars().filter(c -> c == '{').count())));
        t.sort(Comparator.comparingInt(Template::parameters));
        templates = List.copyOf(t);
        Runtime.getRuntime().addShutdownHook(new Thread(this::writeCounts));
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    public JsonNode document() {
        return doc;
    }

    /** The document's path template a request path falls under, if any. */
    public Optional<String> template(String path) {
        return templates.stream()
                .filter(t -> t.pattern().matcher(path).matches())
                .map(Template::path)
                .findFirst();
    }

    /**
     * Holds one exchange to the document.
     *
     * @param pathAndQuery as sent (the query is ignored)
     * @param contentType the response's Content-Type header, or null
     * @throws AssertionError on any drift, naming the request, the status and what differs
     */
    public void check(String method, String pathAndQuery, int status, String contentType, String body) {
        String path = pathAndQuery.split("\\?", 2)[0];
        String what = method + " " + pathAndQuery + " answered " + status;
        boolean head = method.equals("HEAD");
        String documented = head ? "get" : method.toLowerCase(Locale.ROOT);
        Optional<String> template = template(path);
        JsonNode operation =
                template.map(t -> doc.get("paths").get(t).get(documented)).orElse(null);
        if (operation == null) {
            if (!UNROUTED.contains(status)) {
                throw new AssertionError("OpenAPI drift: " + what + ", but the document has no operation " + method
                        + " " + template.orElse(path) + ": " + clip(body));
            }
            if (!head) {
                validate(what, "#/components/schemas/ErrorResponse", body);
            }
            count(method + " (not a route) " + status);
            return;
        }
        JsonNode responses = operation.get("responses");
        String key = responses.has(String.valueOf(status))
                ? String.valueOf(status)
                : responses.has(status / 100 + "XX")
                        ? status / 100 + "XX"
                        : responses.has("default") ? "default" : null;
        if (key == null) {
            throw new AssertionError("OpenAPI drift: " + what + ", a status " + method + " " + template.get()
                    + " does not document (it has " + names(responses) + "): " + clip(body));
        }
        JsonNode response = responses.get(key);
        String at = "#/paths/" + escape(template.get()) + "/" + documented + "/responses/" + escape(key);
        if (response.has("$ref")) { // a shared response of components/responses
            at = response.get("$ref").asText();
            response = at(at);
        }
        JsonNode content = response.get("content");
        boolean empty = body == null || body.isEmpty();
        if (head) {
            if (!empty) {
                throw new AssertionError("OpenAPI drift: " + what + " with a body: " + clip(body));
            }
        } else if (content == null) {
            if (!empty) {
                throw new AssertionError("OpenAPI drift: " + what + " with a body, but the document's response " + key
                        + " has none: " + clip(body));
            }
        } else {
            String sent = contentType == null
                    ? ""
                    : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            // the media type itself, else a range that covers it (text/*, */*)
            String media = content.has(sent)
                    ? sent
                    : content.has(sent.replaceAll("/.*", "/*"))
                            ? sent.replaceAll("/.*", "/*")
                            : content.has("*/*") ? "*/*" : null;
            if (media == null) {
                throw new AssertionError("OpenAPI drift: " + what + " as '" + contentType + "', but response " + key
                        + " of " + method + " " + template.get() + " is " + names(content) + ": " + clip(body));
            }
            if (sent.endsWith("json") && media.endsWith("json")) {
                validate(what, at + "/content/" + escape(media) + "/schema", empty ? "" : body);
            }
        }
        count(method + " " + template.get() + " " + status);
    }

    /** What a JSON text breaks of the document's schema at this pointer ("#/components/schemas/Fact"); empty: none. */
    public List<String> errors(String pointer, String json) {
        return schema(pointer).validate(json, InputFormat.JSON).stream()
                .map(Error::toString)
                .toList();
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(
                pointer,
                p -> registry.getSchema(SchemaLocation.of(
                        "classpath:" + DOCUMENT + p.replace("{", "%7B").replace("}", "%7D"))));
    }

    private void validate(String what, String pointer, String body) {
        Schema schema = schema(pointer);
        List<Error> errors;
        try {
            errors = schema.validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new AssertionError("OpenAPI drift: " + what + " with a body that is not JSON: " + clip(body), e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("OpenAPI drift: " + what + ", against " + pointer + ":\n  "
                    + errors.stream().map(Error::toString).collect(Collectors.joining("\n  ")) + "\nbody: "
                    + clip(body));
        }
    }

    private JsonNode at(String ref) {
        return doc.at(ref.substring(1));
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** How many answers were checked per operation and status, for the record (target/openapi-validated.txt). */
    private void writeCounts() {
        if (counts.isEmpty()) {
            return;
        }
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.get()));
        long total = sorted.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder(total + " responses validated against " + DOCUMENT + "\n");
        sorted.forEach((k, v) -> out.append(v).append('\t').append(k).append('\n'));
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "openapi-validated.txt"), out);
        } catch (IOException ignored) {
            // a record for people, not a result
        }
    }

    private static Pattern pattern(String template) {
        StringBuilder re = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            re.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode object) {
        List<String> n = new ArrayList<>();
        for (Iterator<String> i = object.fieldNames(); i.hasNext(); ) {
            n.add(i.next());
        }
        return n.toString();
    }

    private static String clip(String s) {
        return s == null ? "(no body)" : s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}

package waybill.api;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of every request body, declared once: the schemas of the served OpenAPI document
 * ({@code waybill/api/openapi.json}). A body is held to its schema — required fields, types, the most items a
 * list and the most characters a string may have — before anything is decided, so no rule sees a fact without a
 * field its shape requires, nor one carrying far more than a job can hold. The document is what clients read, so
 * what they are told and what is checked cannot drift apart.
 *
 * <p>Values are left to the rules and the routes ({@code enum}s among them: a misspelt customer response is
 * refused by the rule that knows the responses, with what was sent; minimum lengths and counts too); unknown fields and wrong types are also reported by the strict
 * binding ({@link ApiJson}), whichever sees them first.
 */
final class Shapes {
    static final String DOCUMENT = "waybill/api/openapi.json";
    /** Values, which the rules (and the routes, for their own bodies) judge with their reasons: not the shape. */
    private static final Set<String> JUDGED_ELSEWHERE =
            Set.of("enum", "format", "pattern", "minimum", "maximum", "minLength", "minItems");

    /** The schemas request bodies are held to, compiled when the service starts rather than on a first request. */
    static final List<String> BODIES = List.of(
            "PutJobParameters",
            "UpdateJobParameters",
            "CreateJobFact",
            "UpdateJobFact",
            "DeleteJobFact",
            "PackageArrivedFact",
            "DriveTransferStartedFact",
            "DriveProgressFact",
            "DriveTransferFinishedFact",
            "DrivesShippedBackFact",
            "ReturnAddressInvalidFact",
            "CustomerRespondedFact",
            "FaultFact",
            "FaultResolvedFact",
            "WebhookRequest",
            "DryRunRequest",
            "ClockMove");

    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private Shapes() {
        for (String name : BODIES) {
            schema(name).initializeValidators();
        }
    }

    /** The schemas, compiled once a process (they are read only after): on first use, or ahead ({@link ApiJson#prepare}). */
    static Shapes shared() {
        return Compiled.SHAPES;
    }

    private static final class Compiled {
        static final Shapes SHAPES = new Shapes();
    }

    /**
     * Checks a JSON body against {@code #/components/schemas/{name}}.
     *
     * @param at the body's place in the request ("" for the whole body, "[2]" for the third fact of an array)
     * @throws ApiException 400 InvalidRequestContent naming the first field out of shape
     */
    void check(String json, String name, String what, String at) {
        List<Error> errors = schema(name).validate(json, InputFormat.JSON).stream()
                .filter(e -> !JUDGED_ELSEWHERE.contains(e.getKeyword()))
                .toList();
        if (errors.isEmpty()) {
            return;
        }
        Error e = errors.get(0);
        String field = join(at, path(e.getInstanceLocation()));
        String message = switch (e.getKeyword()) {
            case "required" -> what + ": " + join(field, e.getProperty()) + " is required";
            case "additionalProperties" ->
                what + ": unknown field '" + e.getProperty() + "'" + (field.isEmpty() ? "" : " in " + field);
            case "maxItems" ->
                what + ": " + field + " holds " + e.getInstanceNode().size() + " items; at most "
                        + e.getSchemaNode().asInt() + " are allowed";
            case "maxLength" ->
                what + ": " + field + " is " + e.getInstanceNode().asString().length() + " characters long; at most "
                        + e.getSchemaNode().asInt() + " are allowed";
            case "maxProperties" ->
                what + ": " + field + " has " + e.getInstanceNode().size() + " entries; at most "
                        + e.getSchemaNode().asInt() + " are allowed";
            case "type" ->
                what + ": " + field + " must be " + e.getSchemaNode().asString()
                        + (e.getInstanceNode() != null && e.getInstanceNode().isNull() ? ", not null" : "");
            default -> what + ": " + (field.isEmpty() ? "" : field + ": ") + e.getMessage();
        };
        String target = "required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())
                ? join(field, e.getProperty())
                : field;
        throw new ApiException(ErrorCode.InvalidRequestContent, message, target.isEmpty() ? null : target);
    }

    private Schema schema(String name) {
        return schemas.computeIfAbsent(
                name,
                n -> registry.getSchema(SchemaLocation.of("classpath:" + DOCUMENT + "#/components/schemas/" + n)));
    }

    /** A node path as the error targets write it: {@code properties.driveList[0].driveId}. */
    private static String path(NodePath p) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object el = p.getElement(i);
            if (el instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(el);
            }
        }
        return out.toString();
    }

    private static String join(String a, String b) {
        if (b == null || b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        return b.startsWith("[") ? a + b : a + "." + b;
    }
}

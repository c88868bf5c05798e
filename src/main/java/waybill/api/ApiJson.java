package waybill.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import waybill.json.Mappers;

/**
 * Strict JSON for request bodies: unknown fields, wrong types and malformed text are a 400 that says
 * where and what, never a 500 and never a silent coercion ("5" is not a number, 5 is not a string).
 */
public final class ApiJson {
    private final ObjectMapper mapper;
    private final Shapes shapes = Shapes.shared();

    /** Compiles the request bodies' schemas now, once a process: {@code serve} does it while the rules load. */
    public static void prepare() {
        Shapes.shared();
    }

    public ApiJson() {
        ObjectMapper m = Mappers.json();
        // absurd sizes are a 400 (Jackson's StreamConstraintsException), not memory or stack spent on them
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(100)
                        .maxDocumentLength(BodyGuard.MAX_BODY_BYTES)
                        .build());
        m.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // An explicit null is no value: not for a field, an array's element or a map's value. Absent fields
        // stay absent; a null would otherwise reach the mapping and the rules as a hole (driveList: [null]).
        m.setDefaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL));
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // an instant is ISO-8601 text: Jackson would read 5 as 1970-01-01T00:00:05Z, and no coercion
        // setting stops it for java.time types
        m.registerModule(new SimpleModule("waybill-strict-instants").addDeserializer(Instant.class, new IsoInstants()));
        this.mapper = m;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses a required body into a type. */
    public <T> T read(String body, Class<T> type, String what) {
        return bind(tree(body, what), type, what);
    }

    /**
     * Parses a required body into a type and holds it to its schema in the OpenAPI document
     * ({@code #/components/schemas/{schema}}): required fields, types and sizes, before anything is decided.
     */
    public <T> T read(String body, Class<T> type, String what, String schema) {
        JsonNode node = tree(body, what);
        T value = bind(node, type, what);
        shapes.check(body, schema, what, "");
        return value;
    }

    /** Holds a tree found at {@code at} in the body to its schema in the OpenAPI document. */
    public void check(JsonNode node, String schema, String what, String at) {
        shapes.check(node.toString(), schema, what, at);
    }

    /** Parses text into a tree; malformed or empty text is a 400. */
    public JsonNode tree(String body, String what) {
        if (body == null || body.isBlank()) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent, "the request has no body: send " + what + " as JSON", "body");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            if (e instanceof StreamConstraintsException) {
                throw new ApiException(
                        ErrorCode.InvalidRequestContent,
                        "the body is too large in one place" + where + ": " + e.getOriginalMessage() + "; send " + what
                                + " with sensible sizes",
                        "body");
            }
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    "the body is not well-formed JSON" + where + ": " + e.getOriginalMessage() + "; send " + what
                            + " as JSON",
                    "body");
        }
    }

    /** Binds a tree to a type, strictly. */
    public <T> T bind(JsonNode node, Class<T> type, String what) {
        return bind(node, type, what, "");
    }

    /**
     * Binds a tree found at {@code at} in the body (an element of an array of facts: "[2]"; the body itself:
     * "") to a type, strictly; errors name their place from the body's root.
     */
    public <T> T bind(JsonNode node, Class<T> type, String what, String at) {
        if (!(node instanceof ObjectNode)) {
            String where = at.isEmpty() ? "body" : at;
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    (at.isEmpty() ? "the body" : at) + " must be a JSON object, not "
                            + (node == null || node.isNull()
                                    ? "null"
                                    : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                            + ": " + what,
                    where);
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw invalid(e, what, at);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent, e.getMessage() + " in " + what, at.isEmpty() ? "body" : at);
        }
    }

    private static ApiException invalid(JsonProcessingException e, String what, String at) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (!at.isEmpty()) {
            path = path.isEmpty() ? at : path.startsWith("[") ? at + path : at + "." + path;
        }
        String target = path.isEmpty() ? "body" : path;
        String message;
        if (e instanceof InvalidNullException) {
            message = "null at " + target + " in " + what
                    + ": null is not a value here; give a value, or leave the field out";
        } else if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : u.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            message = "unknown field '" + u.getPropertyName() + "' at " + target + " in " + what
                    + "; remove it (known fields here: " + known + ")";
        } else if (e instanceof InvalidTypeIdException t) {
            message = "unknown or missing \"type\" " + (t.getTypeId() == null ? "" : "'" + t.getTypeId() + "' ") + "in "
                    + what + "; name the fact's type, for example \"PackageArrived\"";
        } else if (e instanceof MismatchedInputException m) {
            String expected = m.getTargetType() == null ? "another type" : simple(m.getTargetType());
            message = "wrong type at " + target + " in " + what + ": expected " + expected;
        } else {
            message = "invalid " + what + " at " + target + ": " + e.getOriginalMessage();
        }
        return new ApiException(ErrorCode.InvalidRequestContent, message, target);
    }

    private static String simple(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-03-01T00:00:00Z";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Instants from ISO-8601 strings only, parsed as everywhere else; anything else is a wrong type. */
    private static final class IsoInstants extends StdScalarDeserializer<Instant> {
        IsoInstants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}

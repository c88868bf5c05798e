package waybill.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error to answer: its code, a message saying what was wrong and what to do, the target (the field,
 * parameter or rule at fault), details, and extra top-level members (a refused decision, compile errors).
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String target;
    private final List<Detail> details;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    /** One more precise error inside the main one. */
    public record Detail(String code, String message, String target) {}

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, List.of());
    }

    public ApiException(ErrorCode code, String message, String target) {
        this(code, message, target, List.of());
    }

    public ApiException(ErrorCode code, String message, String target, List<Detail> details) {
        super(message);
        this.code = code;
        this.target = target;
        this.details = List.copyOf(details);
    }

    public ApiException with(String member, Object value) {
        extra.put(member, value);
        return this;
    }

    public ErrorCode code() {
        return code;
    }

    public String target() {
        return target;
    }

    public List<Detail> details() {
        return details;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.ResourceNotFound, what + " was not found", null);
    }
}

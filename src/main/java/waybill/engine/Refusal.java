package waybill.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A validation rule's refusal of a fact. {@code Invalid}: the request itself is wrong (400).
 * {@code Conflict}: the job's state does not allow it (409). {@code NotFound}: no such job (404).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Refusal implements Stamped {
    public enum Kind {
        Invalid,
        Conflict,
        NotFound
    }

    private Kind kind;
    private String reason;
    private String rule;

    public Refusal() {}

    public Refusal(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    public static Refusal invalid(String reason) {
        return new Refusal(Kind.Invalid, reason);
    }

    public static Refusal conflict(String reason) {
        return new Refusal(Kind.Conflict, reason);
    }

    public static Refusal notFound(String reason) {
        return new Refusal(Kind.NotFound, reason);
    }

    public Kind getKind() {
        return kind;
    }

    public void setKind(Kind v) {
        kind = v;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String v) {
        reason = v;
    }

    @Override
    public String getRule() {
        return rule;
    }

    @Override
    public void setRule(String v) {
        rule = v;
    }

    @Override
    public String toString() {
        return kind + ": " + reason + " [" + rule + "]";
    }
}

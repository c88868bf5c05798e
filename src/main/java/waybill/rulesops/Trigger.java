package waybill.rulesops;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What activated a rulebook: the service starting, the watched folder, {@code POST /ops/rules/reload}, or
 * that call with {@code force=true}. Spelt in lower case in JSON, the store and the log, as it always was.
 */
public enum Trigger {
    START, WATCH, API, FORCED;

    /** The trigger as JSON, the kept history and the log spell it: {@code start}, {@code watch}, {@code api}, {@code forced}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Trigger parse(String name) {
        for (Trigger t : values()) {
            if (t.wire().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown trigger '" + name + "'; one of start, watch, api, forced");
    }

    @Override
    public String toString() {
        return wire();
    }
}

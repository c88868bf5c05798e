package waybill.rulesops.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import waybill.json.LowerCaseEnums;

/**
 * What activated a rulebook: the service starting, the watched folder, {@code POST /ops/rules/reload}, or
 * that call with {@code force=true}. Spelt in lower case in JSON, the store and the log, as it always was.
 */
public enum Trigger {
    START,
    WATCH,
    API,
    FORCED;

    /** The trigger as JSON, the kept history and the log spell it: {@code start}, {@code watch}, {@code api}, {@code forced}. */
    @JsonValue
    public String wire() {
        return LowerCaseEnums.wire(this);
    }

    @JsonCreator
    public static Trigger parse(String name) {
        return LowerCaseEnums.parse(Trigger.class, name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown trigger '" + name + "'; one of start, watch, api, forced"));
    }

    @Override
    public String toString() {
        return wire();
    }
}

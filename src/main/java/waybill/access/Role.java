package waybill.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import waybill.json.LowerCaseEnums;

/**
 * What a key may do. {@code customer}: the Jobs API in its own subscriptions only; {@code operator}: facts,
 * actions, history, reading rules, the clock and jobs; {@code admin}: everything, including rule reloads,
 * dry runs and moving the clock. See docs/security.md. Written in lower case wherever it is seen
 * ({@code WAYBILL_KEYS}, the keys file, JSON, messages).
 */
public enum Role {
    CUSTOMER,
    OPERATOR,
    ADMIN;

    /** The role's name as keys and messages spell it: {@code customer}, {@code operator}, {@code admin}. */
    @JsonValue
    public String wire() {
        return LowerCaseEnums.wire(this);
    }

    /** The role a key names, in its lower-case spelling; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static Role parse(String name) {
        return LowerCaseEnums.parse(Role.class, name)
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "'"));
    }

    /** Whether a key of this role may do what {@code needed} may. */
    public boolean allows(Role needed) {
        return switch (needed) {
            case CUSTOMER -> true;
            case OPERATOR -> this == OPERATOR || this == ADMIN;
            case ADMIN -> this == ADMIN;
        };
    }

    @Override
    public String toString() {
        return wire();
    }
}

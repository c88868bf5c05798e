package waybill.json;

import java.util.Locale;
import java.util.Optional;

/**
 * Enums whose constants are Java style in code and lower case wherever they are written (JSON, keys,
 * flags, the log): the one spelling rule, so each enum only names itself.
 */
public final class LowerCaseEnums {
    private LowerCaseEnums() {}

    /** The constant as it is written: its name in lower case. */
    public static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant written {@code name} (exactly, in lower case), if there is one. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (wire(constant).equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}

package waybill.access;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The role side of a key's configuration: {@code ROLE}, {@code customer:SUB1|SUB2}, either followed by
 * {@code @NAME}. Messages name where the entry is, never the key.
 */
final class KeySpec {
    /** A key's name: letters, digits, dot, dash, underscore; at most 64. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private KeySpec() {}

    /** The principal the entry makes, and whether it was given a name. */
    record Parsed(ApiKeys.Principal principal, boolean named) {}

    static Parsed parse(String roleSpec, String where, int n) {
        Role role;
        Set<String> subs = new LinkedHashSet<>();
        String keyName = null;
        int at = roleSpec.lastIndexOf('@');
        if (at >= 0) {
            keyName = roleSpec.substring(at + 1).trim();
            roleSpec = roleSpec.substring(0, at).trim();
            if (!NAME.matcher(keyName).matches()) {
                throw new IllegalArgumentException(
                        where + ": a key's name (after @) is 1 to 64 letters, digits, " + "'.', '-' or '_'");
            }
        }
        String name = roleSpec;
        String rest = null;
        int colon = roleSpec.indexOf(':');
        if (colon >= 0) {
            name = roleSpec.substring(0, colon).trim();
            rest = roleSpec.substring(colon + 1);
        }
        try {
            role = Role.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": unknown role '" + name + "'; use admin, operator, or customer:SUB1|SUB2");
        }
        if (role == Role.CUSTOMER) {
            if (rest == null) {
                throw new IllegalArgumentException(
                        where + ": a customer key names its subscriptions: customer:SUB1|SUB2");
            }
            for (String s : rest.split("\\|")) {
                if (!s.isBlank()) {
                    subs.add(s.trim());
                }
            }
            if (subs.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ": a customer key names at least one subscription: customer:SUB1|SUB2");
            }
        } else if (rest != null) {
            throw new IllegalArgumentException(
                    where + ": only customer keys name subscriptions (" + name + " sees all)");
        }
        return keyName == null
                ? new Parsed(new ApiKeys.Principal(role, subs, role + "#" + n), false)
                : new Parsed(new ApiKeys.Principal(role, subs, keyName), true);
    }
}

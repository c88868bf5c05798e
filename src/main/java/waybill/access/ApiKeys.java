package waybill.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import waybill.json.Mappers;

/**
 * The API keys the service accepts, each with its role (and, for a customer, its subscriptions). Only the
 * keys' SHA-256 hashes are kept; a presented key is hashed and compared with every configured hash in
 * constant time ({@link MessageDigest#isEqual}), so neither timing nor memory reveals a key.
 *
 * <p>Text form (env {@code WAYBILL_KEYS}): comma-separated {@code KEY=ROLE}, a customer as
 * {@code KEY=customer:SUB1|SUB2}. YAML form ({@code --keys FILE}): a mapping {@code KEY: ROLE} (same role
 * syntax) or a list of {@code KEY=ROLE} strings. Error messages never quote a key.
 *
 * <p>A key may carry a name, written after the role with {@code @}: {@code KEY=operator@dana},
 * {@code KEY=customer:SUB1|SUB2@contoso} (in YAML also {@code KEY: {role: operator, name: dana}}). The
 * name is what decisions, action completions and reloads record as who submitted them; an unnamed key is
 * named by its role and position ({@code operator#2}). Names are unique.
 */
public final class ApiKeys {
    public static final String ENV = "WAYBILL_KEYS";
    /** Shorter keys are refused: they can be guessed. */
    public static final int MIN_KEY_LENGTH = 16;

    /**
     * Who a key is: its role, its subscriptions (customers only) and its name, the label logs and records
     * carry (never the key).
     */
    public record Principal(Role role, Set<String> subscriptions, String label) {
        public Principal {
            subscriptions = Set.copyOf(subscriptions);
        }

        /** True when this key may use the Jobs API in a subscription. */
        public boolean owns(String subscriptionId) {
            return role != Role.CUSTOMER || subscriptions.contains(subscriptionId);
        }

        /** The key's configured name, or its role and position when it has none. */
        public String name() {
            return label;
        }
    }

    private record Entry(byte[] hash, Principal principal, boolean named) {}

    private static final ApiKeys NONE = new ApiKeys(List.of());

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys none() {
        return NONE;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The principal of a presented key, or empty. Compares against every key, always, in constant time each. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] h = sha256(presented);
        Principal found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), h) && found == null) {
                found = e.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /** These keys and those; a key configured twice must have the same role both times. */
    public ApiKeys plus(ApiKeys other) {
        List<Entry> all = new ArrayList<>(entries);
        for (Entry e : other.entries) {
            Optional<Entry> same = all.stream()
                    .filter(x -> MessageDigest.isEqual(x.hash(), e.hash()))
                    .findFirst();
            if (same.isEmpty()) {
                String name = e.named() ? e.principal().label() : e.principal().role() + "#" + (all.size() + 1);
                if (all.stream().anyMatch(x -> x.principal().label().equals(name))) {
                    throw new IllegalArgumentException("two keys are named '" + name + "': give each key its own name");
                }
                all.add(new Entry(
                        e.hash(),
                        new Principal(e.principal().role(), e.principal().subscriptions(), name),
                        e.named()));
            } else if (!same.get().principal().role().equals(e.principal().role())
                    || !same.get()
                            .principal()
                            .subscriptions()
                            .equals(e.principal().subscriptions())) {
                throw new IllegalArgumentException("a key is configured twice with different roles ("
                        + same.get().principal().label() + " and "
                        + e.principal().role() + ")");
            }
        }
        return new ApiKeys(all);
    }

    /** Parses {@code KEY=ROLE,KEY=customer:SUB1|SUB2}; blank or null is no keys. */
    public static ApiKeys parse(String text, String source) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Entry> out = new ArrayList<>();
        String[] items = text.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.lastIndexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(source + ": entry " + (i + 1) + " has no '=': write KEY=ROLE "
                        + "(ROLE: admin, operator, or customer:SUB1|SUB2)");
            }
            out.add(entry(
                    item.substring(0, eq).trim(),
                    item.substring(eq + 1).trim(),
                    source + ": entry " + (i + 1),
                    out.size() + 1));
        }
        return NONE.plus(new ApiKeys(out));
    }

    /** Reads a YAML keys file: a mapping KEY: ROLE, or a list of "KEY=ROLE" strings. */
    public static ApiKeys read(Path file) throws IOException {
        String source = file.toString();
        JsonNode root = Mappers.yaml().readTree(Files.readString(file, StandardCharsets.UTF_8));
        List<Entry> out = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        if (root.isObject() && root.size() == 1 && root.has("keys")) {
            root = root.get("keys");
        }
        if (root.isObject()) {
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                i++;
                JsonNode v = f.getValue();
                if (v.isObject() && v.path("role").isTextual()) {
                    String named =
                            v.path("name").isTextual() ? "@" + v.get("name").asText() : "";
                    out.add(entry(f.getKey(), v.get("role").asText() + named, source + ": entry " + i, out.size() + 1));
                    continue;
                }
                if (!v.isTextual()) {
                    throw new IllegalArgumentException(source + ": entry " + i + ": the role must be a string "
                            + "(admin, operator, or customer:SUB1|SUB2) or {role: ROLE, name: NAME}");
                }
                out.add(entry(f.getKey(), v.asText(), source + ": entry " + i, out.size() + 1));
            }
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                JsonNode n = root.get(i);
                if (!n.isTextual() || n.asText().indexOf('=') < 0) {
                    throw new IllegalArgumentException(source + ": item " + (i + 1) + " must be a string KEY=ROLE");
                }
                String s = n.asText();
                int eq = s.lastIndexOf('=');
                out.add(entry(
                        s.substring(0, eq).trim(),
                        s.substring(eq + 1).trim(),
                        source + ": item " + (i + 1),
                        out.size() + 1));
            }
        } else {
            throw new IllegalArgumentException(source + ": expected a mapping KEY: ROLE or a list of KEY=ROLE strings");
        }
        return NONE.plus(new ApiKeys(out));
    }

    private static Entry entry(String key, String roleSpec, String where, int n) {
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(where + ": the key is shorter than " + MIN_KEY_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(where + ": the key must be printable ASCII without spaces");
            }
        }
        KeySpec.Parsed spec = KeySpec.parse(roleSpec, where, n);
        return new Entry(sha256(key), spec.principal(), spec.named());
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return entries.size() + " key(s)";
    }
}

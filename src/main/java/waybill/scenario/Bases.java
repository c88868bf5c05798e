package waybill.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Named base jobs for scenarios: {@code create: {base: import-one-drive, properties: {logLevel: Error}}}
 * is the job body of {@code bases/import-one-drive.yaml} (looked for in the scenario's folder and each
 * folder above it) with the rest merged in: objects key by key, a {@code null} removing a key, anything
 * else (arrays included) replacing the base's value whole. A base may itself name a base.
 */
final class Bases {
    static final String DIR = "bases";
    static final String KEY = "base";
    private final ObjectMapper yaml;

    Bases(ObjectMapper yaml) {
        this.yaml = yaml;
    }

    /** The body with its base, if it names one, merged under it; the body itself otherwise. */
    JsonNode resolve(JsonNode body, Path scenario) throws IOException {
        return resolve(body, scenario, new ArrayList<>());
    }

    private JsonNode resolve(JsonNode body, Path from, List<String> chain) throws IOException {
        if (body == null || !body.isObject() || !body.has(KEY)) {
            return body;
        }
        JsonNode named = body.get(KEY);
        if (!named.isTextual() || !named.asText().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IOException(
                    from + ": base must name a file of a bases folder (letters, digits, . _ -), not " + named);
        }
        String name = named.asText();
        if (chain.contains(name)) {
            throw new IOException(
                    from + ": bases name each other in a circle: " + String.join(" -> ", chain) + " -> " + name);
        }
        chain.add(name);
        Path file = find(from, name);
        JsonNode base = yaml.readTree(file.toFile());
        if (base == null || !base.isObject()) {
            throw new IOException(file + ": a base is a job body (a YAML object)");
        }
        ObjectNode merged = (ObjectNode) resolve(base, file, chain).deepCopy();
        ObjectNode override = (ObjectNode) body.deepCopy();
        override.remove(KEY);
        return merge(merged, override);
    }

    private static Path find(Path from, String name) throws IOException {
        for (Path dir = from.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            for (String ext : List.of(".yaml", ".yml")) {
                Path candidate = dir.resolve(DIR).resolve(name + ext);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IOException(from + ": no base named '" + name + "' in a " + DIR + " folder beside it or above it");
    }

    /** Merges override into base (which it changes): objects key by key, null removes, else replaces. */
    static ObjectNode merge(ObjectNode base, ObjectNode override) {
        for (Map.Entry<String, JsonNode> e : override.properties()) {
            JsonNode mine = base.get(e.getKey());
            JsonNode theirs = e.getValue();
            if (theirs.isNull()) {
                base.remove(e.getKey());
            } else if (theirs.isObject() && mine != null && mine.isObject()) {
                merge((ObjectNode) mine, (ObjectNode) theirs);
            } else {
                base.set(e.getKey(), theirs);
            }
        }
        return base;
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import waybill.engine.RuleSource;
import waybill.engine.Rulebook;
import waybill.ops.FireCounts;
import waybill.ops.RuleAtlas;
import waybill.rulesops.RulesHolder;

/**
 * What the rules page shows beside {@code GET /ops/rules}: each active rule with its phase, how often it
 * fired since start and the fixtures that fire it ({@code /ops/rules/coverage}), and a rule file as it
 * is on disk, to edit and dry-run ({@code /ops/rules/file?name=}).
 */
final class RulesViewRoutes {
    private final RulesHolder rules;
    private final RuleAtlas atlas;
    private final FireCounts fired;

    RulesViewRoutes(RulesHolder rules, RuleAtlas atlas, FireCounts fired) {
        this.rules = rules;
        this.atlas = atlas;
        this.fired = fired;
    }

    void register(RoutesConfig r) {
        r.get("/ops/rules/coverage", this::coverage);
        r.get("/ops/rules/file", this::file);
    }

    private void coverage(Context ctx) {
        Rulebook rb = rules.get();
        RuleAtlas.Atlas a = atlas.of(rb);
        Map<String, Long> counts = fired.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        rb.rules().values().stream()
                .sorted((x, y) -> x.file().equals(y.file())
                        ? Integer.compare(x.line(), y.line())
                        : x.file().compareTo(y.file()))
                .forEach(s -> out.add(row(
                        s, counts.getOrDefault(s.name(), 0L), a.fixturesByRule().getOrDefault(s.name(), Set.of()))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", rb.revision());
        body.put("scenarios", a.scenarios());
        body.put("rules", out);
        ctx.json(body);
    }

    private static Map<String, Object> row(RuleSource s, long fired, Set<String> fixtures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("file", s.file());
        m.put("line", s.line());
        m.put("phase", String.valueOf(s.phase()));
        m.put("fired", fired);
        m.put("fixtures", fixtures);
        return m;
    }

    /**
     * A rule file inside the folder, as its rules are read: a link (the file or a folder on its way) is not
     * followed, so the route never serves a file outside the rules folder.
     */
    static String readInside(java.nio.file.Path dir, String name) throws IOException {
        java.nio.file.Path root = dir.toRealPath();
        java.nio.file.Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)
                || !p.getParent().toRealPath().equals(p.getParent())
                || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it is not a regular file inside the rules folder (links are not followed)");
        }
        try (java.io.InputStream in = Files.newInputStream(
                p, java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void file(Context ctx) {
        String name = OpsQuery.text(ctx, "name");
        Set<String> known = rules.get().files().keySet();
        if (name == null || !known.contains(name)) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "name must be one of the active rule files " + new java.util.TreeSet<>(known) + ", not '" + name
                            + "'",
                    "name");
        }
        try {
            ctx.contentType("text/plain; charset=utf-8").result(readInside(rules.dir(), name));
        } catch (IOException e) {
            throw new ApiException(
                    ErrorCode.ResourceNotFound,
                    "rule file " + name + " cannot be read from " + rules.dir() + ": " + e.getMessage(),
                    "name");
        }
    }
}

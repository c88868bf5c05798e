package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import waybill.engine.Rulebook;
import waybill.engine.Transition;
import waybill.ops.DiagramModel;
import waybill.ops.JobBoard;
import waybill.ops.RuleAtlas;

/**
 * {@code GET /ops/rules/diagram?entity=job|drive[&format=svg|json]} (api.md §4): the state machine the
 * active rules make, learnt from replaying the fixtures against them, with live counts per state.
 */
final class DiagramRoutes {
    private final Supplier<Rulebook> rules;
    private final RuleAtlas atlas;
    private final JobBoard board;

    DiagramRoutes(Supplier<Rulebook> rules, RuleAtlas atlas, JobBoard board) {
        this.rules = rules;
        this.atlas = atlas;
        this.board = board;
    }

    void register(RoutesConfig r) {
        r.get("/ops/rules/diagram", this::diagram);
    }

    private void diagram(Context ctx) {
        String entity = OpsQuery.oneOf(ctx, "entity", null, Transition.JOB, Transition.DRIVE);
        if (entity == null) {
            throw new ApiException(ErrorCode.InvalidQueryParameter, "entity is required: job or drive", "entity");
        }
        String format = OpsQuery.oneOf(ctx, "format", "svg", "svg", "json");
        DiagramModel.Json model = DiagramModel.json(entity, atlas.of(rules.get()), counts(entity));
        if (format.equals("json")) {
            ctx.json(model);
        } else {
            ctx.contentType("image/svg+xml; charset=utf-8").result(DiagramModel.svg(model));
        }
    }

    private Map<String, Integer> counts(String entity) {
        Map<String, Integer> counts = new TreeMap<>();
        board.rows().forEach(r -> {
            if (Transition.JOB.equals(entity)) {
                counts.merge(String.valueOf(r.state()), 1, Integer::sum);
            } else {
                r.drives().forEach((s, n) -> counts.merge(s, n, Integer::sum));
            }
        });
        return counts;
    }
}

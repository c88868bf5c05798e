package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import waybill.decision.Decisions;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.process.ActionRecord;
import waybill.process.Store;

/**
 * The operators' face (api.md §2): facts in, decisions out; the action queue; a job's history.
 * One fact answers its decision (a refusal is a 4xx carrying it); an array answers 200 with a decision
 * per fact, accepted or not, decided in order.
 */
final class OpsRoutes {
    private final Decisions decisions;
    private final Store store;
    private final Clock clock;
    private final ApiJson json;

    OpsRoutes(Decisions decisions, Store store, Clock clock, ApiJson json) {
        this.decisions = decisions;
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.post("/ops/facts", this::facts);
        r.get("/ops/actions", this::actions);
        r.post("/ops/actions/{id}/complete", this::complete);
        r.get("/ops/history", this::history);
    }

    private void facts(Context ctx) {
        boolean dryRun = flag(ctx, "dryRun");
        JsonNode body = json.tree(ctx.body(), "a fact, or an array of facts");
        List<Fact> facts = new ArrayList<>();
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                facts.add(fact(body.get(i), "fact [" + i + "]", "[" + i + "]"));
            }
        } else {
            facts.add(fact(body, "the fact", ""));
        }
        List<DecisionView> views = new ArrayList<>();
        for (Fact f : facts) {
            Decision d = dryRun ? decisions.dryRun(f) : decisions.submit(f);
            views.add(DecisionView.of(d, dryRun));
            if (!body.isArray() && !d.accepted()) {
                throw Refusals.of(d).with("decision", views.get(0));
            }
        }
        ctx.json(body.isArray() ? views : views.get(0));
    }

    private Fact fact(JsonNode node, String what, String at) {
        JsonNode type = node == null ? null : node.get("type");
        if (type != null && TimerFired.class.getSimpleName().equals(type.asText())) {
            throw new ApiException(ErrorCode.InvalidRequestContent, what + ": TimerFired is the service's own fact; "
                    + "move the clock with POST /ops/clock instead", at.isEmpty() ? "type" : at + ".type");
        }
        return json.bind(node, Fact.class, what, at);
    }

    private void actions(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !status.equals(ActionRecord.OPEN) && !status.equals(ActionRecord.DONE)) {
            throw new ApiException(ErrorCode.InvalidQueryParameter, "status must be open or done (or absent for all), not '"
                    + status + "'", "status");
        }
        ctx.json(store.actions(status));
    }

    private void complete(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(store.completeAction(id, clock.instant()).orElseThrow(() -> new ApiException(ErrorCode.ResourceNotFound,
                "action " + id + " does not exist; GET /ops/actions lists them", id)));
    }

    private void history(Context ctx) {
        String jobId = ctx.queryParam("jobId");
        if (jobId == null || jobId.isBlank()) {
            throw new ApiException(ErrorCode.InvalidQueryParameter, "jobId is required: the job's full resource id", "jobId");
        }
        ctx.json(Redact.bitLockerKeys(json.mapper().valueToTree(store.history(jobId))));
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw new ApiException(ErrorCode.InvalidQueryParameter, name + " must be true or false, not '" + v + "'", name);
    }
}

package waybill.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import waybill.decision.Decisions;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.fact.RulesChanged;
import waybill.fact.TimerFired;

/**
 * {@code /ops/facts} (api.md §2): the operators' facts in, decisions out.
 * One fact answers its decision (a refusal is a 4xx carrying it); an array answers 200 with a decision
 * per fact, accepted or not, decided in order.
 */
final class FactsRoutes {
    /** The most facts of one array (the document's maxItems). */
    static final int MAX_FACTS = 100;

    private final Decisions decisions;
    private final ApiJson json;

    FactsRoutes(Decisions decisions, ApiJson json) {
        this.decisions = decisions;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.post("/ops/facts", this::facts);
    }

    private void facts(Context ctx) {
        boolean dryRun = Flags.flag(ctx, "dryRun");
        JsonNode body = json.tree(ctx.body(), "a fact, or an array of facts");
        if (body.isArray() && body.size() > MAX_FACTS) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    "the body holds " + body.size() + " facts; at most " + MAX_FACTS + " are decided in one request",
                    "body");
        }
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
            f.setSubmittedBy(Auth.name(ctx)); // who submitted it is the key's, never the body's
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
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    what + ": TimerFired is the service's own fact; " + "move the clock with POST /ops/clock instead",
                    at.isEmpty() ? "type" : at + ".type");
        }
        if (type != null && RulesChanged.class.getSimpleName().equals(type.asText())) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    what + ": RulesChanged is the service's own fact; "
                            + "move the open jobs' deadlines with POST /ops/rules/reload?retime=true instead",
                    at.isEmpty() ? "type" : at + ".type");
        }
        Fact fact = json.bind(node, Fact.class, what, at);
        // the fact's shape, by its type: CreateJobFact, PackageArrivedFact, ... in the OpenAPI document
        json.check(node, fact.getClass().getSimpleName() + "Fact", what, at);
        return fact;
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import waybill.decision.RuleTroubles;
import waybill.engine.Rulebook;
import waybill.rulesops.CandidateDryRun;
import waybill.rulesops.DryRun;
import waybill.rulesops.RulesHolder;
import waybill.rulesops.history.Trigger;

/**
 * {@code /ops/rules}: what is active, its history, reload through the scenario gate, dry runs of a
 * candidate (docs/operations.md). The lifecycle itself is {@link RulesHolder}'s and
 * {@link CandidateDryRun}'s; these routes read the request and translate the errors.
 */
final class RulesRoutes {
    private final RulesHolder rules;
    private final CandidateDryRun dryRuns;
    private final RuleTroubles troubles;
    private final ApiJson json;
    private final RulesAudit audit;

    RulesRoutes(RulesHolder rules, CandidateDryRun dryRuns, RuleTroubles troubles, ApiJson json, RulesAudit audit) {
        this.rules = rules;
        this.dryRuns = dryRuns;
        this.troubles = troubles;
        this.json = json;
        this.audit = audit;
    }

    void register(RoutesConfig r) {
        r.get("/ops/rules", ctx -> ctx.json(describe(rules.get())));
        r.get(
                "/ops/rules/history",
                ctx -> ctx.json(Map.of("active", rules.current().revision(), "activations", rules.history())));
        r.post("/ops/rules/reload", this::reload);
        r.post("/ops/rules/dry-run", this::dryRun);
    }

    private void reload(Context ctx) {
        boolean force = Flags.flag(ctx, "force");
        boolean retime = Flags.flag(ctx, "retime");
        String active = rules.get().revision();
        RulesHolder.Result result = rules.reload(force ? Trigger.FORCED : Trigger.API, force, Auth.name(ctx), retime);
        String action = force ? "forced-reload" : "reload";
        if (result.failure() != null) {
            audit.record(action, Auth.name(ctx), result.failure().candidateRevision(), active, "refused");
        } else if (result.unchanged()) {
            audit.record(action, Auth.name(ctx), active, active, "unchanged");
        } else {
            audit.record(action, Auth.name(ctx), rules.get().revision(), active, "activated");
        }
        if (result.failure() != null) {
            throw ReloadRefusals.of(result.failure());
        }
        Map<String, Object> out = describe(rules.get());
        out.put("activated", result.activated());
        if (result.unchanged()) {
            out.put("message", "the rule files are those of the active revision: nothing to activate");
        } else if (retime) {
            out.put(
                    "message",
                    "activated; the open jobs' deadlines are moving where the new rules set them: "
                            + "progress in retime on GET /ops/rules");
        }
        ctx.json(out);
    }

    private void dryRun(Context ctx) {
        DryRunRequest req = ctx.body().isBlank()
                ? new DryRunRequest()
                : json.read(
                        ctx.body(),
                        DryRunRequest.class,
                        "{\"files\": {\"creating.drl\": \"...\"}} or no body for the rules folder",
                        "DryRunRequest");
        DryRun.Report report;
        try {
            report = dryRuns.run(req.files(), req.complete() == Boolean.TRUE);
        } catch (CandidateDryRun.BadFileName e) {
            throw new ApiException(ErrorCode.InvalidRequestContent, e.getMessage(), "files");
        } catch (CandidateDryRun.Refused e) {
            audit.record(
                    "dry-run",
                    Auth.name(ctx),
                    e.failure().candidateRevision(),
                    e.failure().activeRevision(),
                    "refused");
            throw ReloadRefusals.of(e.failure());
        } catch (CandidateDryRun.Unreadable e) {
            throw new ApiException(ErrorCode.InternalError, e.getMessage(), e.what());
        }
        audit.record("dry-run", Auth.name(ctx), report.candidateRevision(), report.activeRevision(), "compared");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dryRun", true);
        out.put(
                "candidate",
                req.files() == null
                        ? rules.dir().toString()
                        : req.complete() == Boolean.TRUE
                                ? "the files in the request"
                                : "the files in the request over " + rules.dir());
        out.put("report", report);
        out.put("summary", report.lines().get(report.lines().size() - 1));
        ctx.json(out);
    }

    private Map<String, Object> describe(Rulebook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("revision", rb.revision());
        out.put("loadedAt", rb.loadedAt());
        out.put("activation", rules.current());
        out.put("folder", rules.dir().toString());
        out.put("fixtures", rules.fixtures() == null ? null : rules.fixtures().toString());
        out.put("files", rb.files());
        out.put(
                "rules",
                rb.rules().values().stream()
                        .sorted((a, b) -> a.file().equals(b.file())
                                ? Integer.compare(a.line(), b.line())
                                : a.file().compareTo(b.file()))
                        .map(s -> Map.of(
                                "name",
                                s.name(),
                                "file",
                                s.file(),
                                "line",
                                s.line(),
                                "phase",
                                String.valueOf(s.phase()),
                                "at",
                                s.file() + ":" + s.line()))
                        .toList());
        out.put("lastFailure", rules.lastFailure());
        // the newest move of the open jobs' deadlines this instance ran or runs (reload?retime=true)
        out.put("retime", rules.retimer() == null ? null : rules.retimer().progress());
        // with instances sharing a store: the newest published rulebook this one could not compile, if any
        out.put("followFailure", rules.followFailure());
        out.put(
                "budget",
                Map.of(
                        "maxFirings",
                        rules.budget().maxFirings(),
                        "maxTime",
                        rules.budget().maxTime().toString()));
        // decisions the rules could not make since start: budget hits and rule failures
        out.put("troubles", troubles.view());
        return out;
    }
}

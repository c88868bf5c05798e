package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.decision.Decisions;
import waybill.engine.Decision;
import waybill.engine.RuleCompileException;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.Fact;
import waybill.scenario.ScenarioGate;
import waybill.scenario.Scenario;
import waybill.process.Store;
import waybill.rulesops.DryRun;
import waybill.rulesops.ReloadFailure;
import waybill.timers.ManualClock;

/**
 * The rules (what is active, its history, reload through the fixture gate, dry runs of a candidate)
 * and the clock (read; move it when manual, firing every timer that falls due). See docs/operations.md.
 */
final class AdminRoutes {
    private final RulesHolder rules;
    private final Clock clock;
    private final ManualClock manual;
    private final Decisions decisions;
    private final ApiJson json;
    private final Store store;

    /** @param store where the open jobs' recorded facts come from for dry runs (null: fixtures only) */
    AdminRoutes(RulesHolder rules, Clock clock, Decisions decisions, ApiJson json, Store store) {
        this.rules = rules;
        this.clock = clock;
        this.manual = clock instanceof ManualClock m ? m : null;
        this.decisions = decisions;
        this.json = json;
        this.store = store;
    }

    void register(RoutesConfig r) {
        r.get("/ops/rules", ctx -> ctx.json(describe(rules.get())));
        r.get("/ops/rules/history", ctx -> ctx.json(Map.of("active", rules.current().revision(),
                "activations", rules.history())));
        r.post("/ops/rules/reload", this::reload);
        r.post("/ops/rules/dry-run", this::dryRun);
        r.get("/ops/clock", ctx -> ctx.json(clockView(List.of())));
        r.post("/ops/clock", this::moveClock);
    }

    private void reload(Context ctx) {
        boolean force = OpsRoutes.flag(ctx, "force");
        RulesHolder.Result result = rules.reloadOrThrow(force);
        Map<String, Object> out = describe(rules.get());
        out.put("activated", result.activated());
        if (result.unchanged()) {
            out.put("message", "the rule files are those of the active revision: nothing to activate");
        }
        ctx.json(out);
    }

    private void dryRun(Context ctx) {
        DryRunRequest req = ctx.body().isBlank() ? new DryRunRequest()
                : json.read(ctx.body(), DryRunRequest.class, "{\"files\": {\"creating.drl\": \"...\"}} or no body for the rules folder");
        Map<String, String> files = candidateFiles(req);
        Rulebook candidate;
        try {
            candidate = RulebookLoader.compile(files, clock.instant());
        } catch (RuleCompileException e) {
            Rulebook active = rules.get();
            throw RulesHolder.refusal(new ReloadFailure(clock.instant(), null, ReloadFailure.COMPILE, null,
                    active.revision(), List.of(), e.errors(), null, "the candidate rules do not compile ("
                    + e.errors().size() + " error(s)); this was a dry run: nothing changed, revision "
                    + active.revision() + " stays active"));
        }
        try {
            List<Scenario> scenarios = rules.fixtures() == null ? List.of() : new ScenarioGate(rules.fixtures()).scenarios();
            Map<String, List<Fact>> jobs;
            try {
                jobs = store == null ? Map.of() : store.openJobFacts();
            } catch (UnsupportedOperationException e) {
                jobs = Map.of(); // a store that cannot list its jobs: the fixtures only
            }
            DryRun.Report report = DryRun.compare(rules.get(), candidate, scenarios, jobs, clock.instant());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dryRun", true);
            out.put("candidate", req.files() == null ? rules.dir().toString() : req.complete() == Boolean.TRUE
                    ? "the files in the request" : "the files in the request over " + rules.dir());
            out.put("report", report);
            out.put("summary", report.lines().get(report.lines().size() - 1));
            ctx.json(out);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.InternalError, "the fixtures in " + rules.fixtures()
                    + " could not be read: " + e.getMessage(), "fixtures");
        } finally {
            RulebookLoader.retire(candidate);
        }
    }

    private Map<String, String> candidateFiles(DryRunRequest req) {
        Map<String, String> files = new TreeMap<>();
        if (req.complete() != Boolean.TRUE) {
            try {
                files.putAll(RulebookLoader.read(rules.dir()));
            } catch (IOException e) {
                throw new ApiException(ErrorCode.InternalError, e.getMessage(), "rules");
            }
        }
        if (req.files() != null) {
            req.files().forEach((name, content) -> {
                String n = name.replace('\\', '/');
                if (!n.endsWith(".drl") || n.startsWith("/") || Path.of(n).normalize().startsWith("..")
                        || n.contains("../") || n.isBlank()) {
                    throw new ApiException(ErrorCode.InvalidRequestContent, "files: '" + name + "' is not a rule file "
                            + "path inside the rules folder (such as creating.drl)", "files");
                }
                if (content == null) {
                    files.remove(n);
                } else {
                    files.put(n, content);
                }
            });
        }
        return files;
    }

    private Map<String, Object> describe(Rulebook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("revision", rb.revision());
        out.put("loadedAt", rb.loadedAt());
        out.put("activation", rules.current());
        out.put("folder", rules.dir().toString());
        out.put("fixtures", rules.fixtures() == null ? null : rules.fixtures().toString());
        out.put("files", rb.files());
        out.put("rules", rb.rules().values().stream()
                .sorted((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line()) : a.file().compareTo(b.file()))
                .map(s -> Map.of("name", s.name(), "file", s.file(), "line", s.line(), "phase", String.valueOf(s.phase()),
                        "at", s.file() + ":" + s.line()))
                .toList());
        out.put("lastFailure", rules.lastFailure());
        return out;
    }

    private void moveClock(Context ctx) {
        if (manual == null) {
            throw new ApiException(ErrorCode.ClockNotManual, "the service runs on the system clock; start it with "
                    + "--clock manual to move the clock", "clock");
        }
        ClockMove move = json.read(ctx.body(), ClockMove.class, "{\"advance\": \"P14D\"} or {\"now\": \"2026-03-01T00:00:00Z\"}");
        if ((move.advance() == null) == (move.now() == null)) {
            throw new ApiException(ErrorCode.InvalidRequestContent,
                    "give exactly one of advance (an ISO-8601 duration such as P14D) or now (an instant)", "body");
        }
        List<Decision> fired;
        synchronized (manual) {
            Instant target = move.now() != null ? move.now() : plus(manual.instant(), duration(move.advance()));
            if (target.isAfter(manual.instant().plus(MAX_CLOCK_MOVE))) {
                throw new ApiException(ErrorCode.InvalidRequestContent, "the clock moves at most " + MAX_CLOCK_MOVE.toDays()
                        + " days at once; " + target + " is further", move.now() != null ? "now" : "advance");
            }
            if (target.isBefore(manual.instant())) {
                throw new ApiException(ErrorCode.InvalidRequestContent, "the clock only moves forward: it is "
                        + manual.instant() + ", " + target + " is earlier", move.now() != null ? "now" : "advance");
            }
            manual.set(target);
            fired = decisions.fireDue(target);
        }
        ctx.json(clockView(fired));
    }

    /** How far one move may take the clock: far beyond any timer, short of instants the store cannot keep. */
    private static final Duration MAX_CLOCK_MOVE = Duration.ofDays(100L * 366);

    private static Instant plus(Instant at, Duration d) {
        try {
            return at.plus(d);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new ApiException(ErrorCode.InvalidRequestContent, "advance " + d + " is too far: the clock moves at most "
                    + MAX_CLOCK_MOVE.toDays() + " days at once", "advance");
        }
    }

    private static Duration duration(String iso) {
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.InvalidRequestContent, "advance '" + iso
                    + "' is not an ISO-8601 duration such as P14D or PT36H", "advance");
        }
    }

    private Map<String, Object> clockView(List<Decision> fired) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", clock.instant());
        out.put("mode", manual == null ? "system" : "manual");
        out.put("fired", DecisionView.of(fired));
        return out;
    }
}

package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.timers.ManualClock;

/** The rules (what is active, reload) and the clock (read; move it when manual, firing every timer that falls due). */
final class AdminRoutes {
    /** The body of POST /ops/clock: one of the two. */
    record ClockMove(String advance, Instant now) { }

    private final RulesHolder rules;
    private final Clock clock;
    private final ManualClock manual;
    private final Decisions decisions;
    private final ApiJson json;

    AdminRoutes(RulesHolder rules, Clock clock, Decisions decisions, ApiJson json) {
        this.rules = rules;
        this.clock = clock;
        this.manual = clock instanceof ManualClock m ? m : null;
        this.decisions = decisions;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/ops/rules", ctx -> ctx.json(describe(rules.get())));
        r.post("/ops/rules/reload", ctx -> ctx.json(describe(rules.reload())));
        r.get("/ops/clock", ctx -> ctx.json(clockView(List.of())));
        r.post("/ops/clock", this::moveClock);
    }

    private Map<String, Object> describe(Rulebook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("revision", rb.revision());
        out.put("loadedAt", rb.loadedAt());
        out.put("folder", rules.dir().toString());
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
            Instant target = move.now() != null ? move.now() : manual.instant().plus(duration(move.advance()));
            if (target.isBefore(manual.instant())) {
                throw new ApiException(ErrorCode.InvalidRequestContent, "the clock only moves forward: it is "
                        + manual.instant() + ", " + target + " is earlier", move.now() != null ? "now" : "advance");
            }
            manual.set(target);
            fired = decisions.fireDue(target);
        }
        ctx.json(clockView(fired));
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

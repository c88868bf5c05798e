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
import waybill.decision.Decisions;
import waybill.decision.Swept;
import waybill.timers.ManualClock;

/** {@code /ops/clock}: read the clock; move it when manual, firing every timer that falls due. See docs/operations.md. */
final class ClockRoutes {
    private final Clock clock;
    private final ManualClock manual;
    private final Decisions decisions;
    private final ApiJson json;

    ClockRoutes(Clock clock, Decisions decisions, ApiJson json) {
        this.clock = clock;
        this.manual = clock instanceof ManualClock m ? m : null;
        this.decisions = decisions;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/ops/clock", ctx -> ctx.json(clockView(null)));
        r.post("/ops/clock", this::moveClock);
    }

    private void moveClock(Context ctx) {
        if (manual == null) {
            throw new ApiException(
                    ErrorCode.ClockNotManual,
                    "the service runs on the system clock; start it with " + "--clock manual to move the clock",
                    "clock");
        }
        ClockMove move = json.read(
                ctx.body(),
                ClockMove.class,
                "{\"advance\": \"P14D\"} or {\"now\": \"2026-03-01T00:00:00Z\"}",
                "ClockMove");
        if ((move.advance() == null) == (move.now() == null)) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    "give exactly one of advance (an ISO-8601 duration such as P14D) or now (an instant)",
                    "body");
        }
        Swept swept;
        synchronized (manual) {
            Instant target = move.now() != null ? move.now() : plus(manual.instant(), duration(move.advance()));
            if (target.isAfter(manual.instant().plus(MAX_CLOCK_MOVE))) {
                throw new ApiException(
                        ErrorCode.InvalidRequestContent,
                        "the clock moves at most " + MAX_CLOCK_MOVE.toDays() + " days at once; " + target
                                + " is further",
                        move.now() != null ? "now" : "advance");
            }
            if (target.isBefore(manual.instant())) {
                throw new ApiException(
                        ErrorCode.InvalidRequestContent,
                        "the clock only moves forward: it is " + manual.instant() + ", " + target + " is earlier",
                        move.now() != null ? "now" : "advance");
            }
            manual.set(target);
            swept = decisions.fireDue(target);
        }
        // a timer the rules failed to decide does not fail the move: it is listed, retried, then parked
        ctx.json(clockView(swept));
    }

    /** How far one move may take the clock: far beyond any timer, short of instants the store cannot keep. */
    private static final Duration MAX_CLOCK_MOVE = Duration.ofDays(100L * 366);

    private static Instant plus(Instant at, Duration d) {
        try {
            return at.plus(d);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    "advance " + d + " is too far: the clock moves at most " + MAX_CLOCK_MOVE.toDays()
                            + " days at once",
                    "advance");
        }
    }

    private static Duration duration(String iso) {
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    "advance '" + iso + "' is not an ISO-8601 duration such as P14D or PT36H",
                    "advance");
        }
    }

    private Map<String, Object> clockView(Swept swept) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", clock.instant());
        out.put("mode", manual == null ? "system" : "manual");
        out.put("fired", DecisionView.of(swept == null ? List.of() : swept.fired()));
        out.put("failed", swept == null ? List.of() : swept.failed());
        return out;
    }
}

package waybill.engine;

import java.time.Duration;
import java.time.Instant;

/** The decision's instant, inserted as a fact: rules read time from here, never from a clock. */
public class Now {
    private final Instant at;

    public Now(Instant at) {
        this.at = at;
    }

    public Instant getAt() {
        return at;
    }

    /** This instant plus an ISO-8601 duration written in a rule, such as {@code P14D}. */
    public Instant plus(String isoDuration) {
        return at.plus(Duration.parse(isoDuration));
    }
}

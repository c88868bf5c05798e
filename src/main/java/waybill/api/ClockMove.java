package waybill.api;

import java.time.Instant;

/**
 * The body of POST /ops/clock: one of the two. A class with setters, not a record: Jackson refuses an
 * explicit null through a setter and leaves an absent field null, while a record's constructor would
 * refuse the absent field too.
 */
final class ClockMove {
    private String advance;
    private Instant now;

    public void setAdvance(String v) {
        advance = v;
    }

    public void setNow(Instant v) {
        now = v;
    }

    String advance() {
        return advance;
    }

    Instant now() {
        return now;
    }
}

package waybill.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import waybill.timers.ManualClock;

/** While the store is away the sweep waits 1, 2, 4, 8, 8 s between tries; the first success resets it. */
class SweepBackoffTest {
    @Test
    void theSweepBacksOffWhileTheStoreIsAwayAndRunsOnTimeOnceItAnswers() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
        SweepBackoff b = new SweepBackoff(clock);
        assertTrue(b.due());
        for (int seconds : new int[] {1, 2, 4, 8, 8}) {
            assertEquals(Duration.ofSeconds(seconds), b.failed());
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertFalse(b.due(), "skipped until " + seconds + " s have passed");
            clock.advance(Duration.ofMillis(1));
            assertTrue(b.due());
        }
        assertTrue(b.succeeded(), "the store was away before this sweep");
        assertFalse(b.succeeded());
        assertEquals(SweepBackoff.FIRST, b.failed(), "a new absence starts from the first wait");
    }
}

package waybill.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottlingTest {
    @Test
    void theDefaultsAreArmsHourlyBudgetsAndTheOperatorsTenTimesThat() {
        Throttling t = Throttling.parse(null);
        assertTrue(t.enabled());
        assertEquals(12_000, t.reads());
        assertEquals(1_200, t.writes());
        assertEquals(120_000, t.opsReads());
        assertEquals(12_000, t.opsWrites());
        assertEquals(Duration.ofHours(1), t.window());
    }

    @Test
    void pairsChangeOnlyWhatTheyName() {
        Throttling t = Throttling.parse("writes=10, window=PT10S");
        assertEquals(12_000, t.reads());
        assertEquals(10, t.writes());
        assertEquals(Duration.ofSeconds(10), t.window());
        assertFalse(Throttling.parse("off").enabled());
    }

    @Test
    void aWrongSpecificationSaysWhatWasWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Throttling.parse("reeds=5"))
                .getMessage()
                .contains("unknown name 'reeds'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Throttling.parse("writes=0"))
                .getMessage()
                .contains("writes must be a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Throttling.parse("window=1h"))
                .getMessage()
                .contains("ISO-8601"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Throttling.parse("1200"))
                .getMessage()
                .contains("NAME=VALUE"));
    }
}

package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry schedule: doubling up to the cap, spread by the jitter, and no attempt past the stated time. */
class BackoffTest {
    static final DeliveryConfig.Retry RETRY = new DeliveryConfig.Retry(
            Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(5), 0.5);

    @Test
    void eachFailureDoublesTheWaitUpToTheCap() {
        Backoff b = new Backoff(RETRY, () -> 0.5); // the middle of the spread: no jitter
        assertEquals(Duration.ofSeconds(10), b.delay(1));
        assertEquals(Duration.ofSeconds(20), b.delay(2));
        assertEquals(Duration.ofSeconds(40), b.delay(3));
        assertEquals(Duration.ofSeconds(160), b.delay(5));
        assertEquals(Duration.ofMinutes(5), b.delay(6), "capped at max");
        assertEquals(Duration.ofMinutes(5), b.delay(60), "and no overflow however many failures");
    }

    @Test
    void theJitterSpreadsEachWaitWithinAQuarterEitherSide() {
        assertEquals(Duration.ofMillis(7500), new Backoff(RETRY, () -> 0.0).delay(1));
        Duration high = new Backoff(RETRY, () -> 0.999999).delay(1);
        assertTrue(
                high.compareTo(Duration.ofMillis(12500)) <= 0 && high.compareTo(Duration.ofMillis(12490)) > 0,
                high.toString());
        java.util.Random r = new java.util.Random(7);
        Backoff random = new Backoff(RETRY, r::nextDouble);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            Duration d = random.delay(2);
            assertTrue(
                    d.compareTo(Duration.ofSeconds(15)) >= 0 && d.compareTo(Duration.ofSeconds(25)) <= 0, d.toString());
            seen.add(d);
        }
        assertTrue(seen.size() > 50, "spread, not one value: " + seen.size());
    }

    @Test
    void noAttemptIsScheduledPastTheTimeAnEntryMayBeTried() {
        Backoff b = new Backoff(RETRY, () -> 0.5);
        Instant made = Instant.parse("2026-03-02T09:00:00Z");
        assertEquals(made.plusSeconds(10), b.next(made, made, 1));
        assertEquals(made.plus(Duration.ofMinutes(55)), b.next(made, made.plus(Duration.ofMinutes(50)), 9));
        assertNull(b.next(made, made.plus(Duration.ofMinutes(56)), 9), "past the hour: failed");
    }

    @Test
    void aConfigurationFileIsReadAndWrongValuesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, """
                source: urn:waybill:dc-west
                webhooks:
                  - {id: paging, url: "https://pager.example.test/in", secret: 0123456789abcdef, filter: {actions: [NotifyOperators]}}
                mail: {host: smtp.example.test, port: 587, startTls: true, from: waybill@example.test, operators: [ops@example.test]}
                retry: {initial: PT5S, max: PT10M, for: P2D, timeout: PT3S, jitter: 0.2}
                lease: PT1M
                backedUpAfter: PT10M
                """);
        DeliveryConfig c = DeliveryConfig.load(f);
        assertEquals("urn:waybill:dc-west", c.source().toString());
        assertEquals("paging", c.configuredWebhooks().get(0).id());
        assertEquals(Duration.ofDays(2), c.retry().giveUpAfter());
        assertEquals(587, c.mail().port());
        DeliveryConfig example = DeliveryConfig.load(Path.of("config", "deliveries.example.yaml"));
        assertEquals(2, example.configuredWebhooks().size(), "the example in config/ is a valid file");
        String[][] bad = {
            {"retry: {initial: PT0S}", "retry.initial must be a positive duration"},
            {"retry: {jitter: 2}", "retry.jitter must be between 0 and 1"},
            {"webhooks: [{id: x, url: 'http://h/', secret: short}]", "secret must be at least 16 characters"},
            {
                "webhooks: [{id: x, url: 'http://h/', secret: 0123456789abcdef, filter: {actions: [Call]}}]",
                "'Call' is not one of"
            },
            {"mail: {host: h}", "mail needs a host and a from address"},
            {"colour: blue", "colour"},
        };
        for (String[] b : bad) {
            Files.writeString(f, b[0]);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.load(f), b[0]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;
import waybill.store.MemoryDeliveryLog;
import waybill.store.Webhook;

/**
 * The outbox's contract, on the memory log and on the embedded server with the shared read model (as
 * instances sharing a MongoDB use it): entries added once, claims as compare-and-set, outcomes only by the
 * holder, a lane's earlier pending entry seen from another instance, redelivery, API webhooks.
 */
class DeliveryLogTest {
    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    static Delivery entry(String id, long seq, String owner) {
        return new Delivery(
                id,
                "e-" + id,
                "waybill.decision",
                "webhook:h",
                "/j/1",
                seq,
                -1,
                Delivery.PENDING,
                0,
                null,
                T.plusSeconds(seq),
                T,
                null,
                owner,
                T.plusSeconds(60),
                "{}");
    }

    @Test
    void memory() {
        contract(new MemoryDeliveryLog(), true);
    }

    @Test
    void embeddedShared(@TempDir Path dir) {
        try (MongoStore store = StoreFactory.embedded(dir, ReadModel.Kind.SHARED)) {
            contract(store.deliveries(), true);
            assertTrue(store.deliveries().shared());
        }
    }

    static void contract(DeliveryLog log, boolean sharesLanes) {
        Set<String> added = log.record(List.of(entry("a", 1, "A"), entry("b", 2, "A")), Map.of("/j/1", 2L));
        assertEquals(Set.of("a", "b"), added);
        assertEquals(Set.of(), log.record(List.of(entry("a", 1, "B")), Map.of("/j/1", 1L)), "an entry is added once");
        assertEquals("A", log.get("a").orElseThrow().owner(), "and keeps its first claim");

        assertEquals(List.of(), log.claimable(T, false, 10), "claims hold until their lease lapses");
        List<Delivery> lapsed = log.claimable(T.plusSeconds(60), false, 10);
        assertEquals(List.of("a", "b"), lapsed.stream().map(Delivery::id).toList(), "oldest first");
        assertEquals(2, log.claimable(T, true, 10).size(), "any claim, for the only instance just started");

        Delivery a = lapsed.get(0);
        Optional<Delivery> byB = log.claim(a, "B", T.plusSeconds(200));
        assertEquals("B", byB.orElseThrow().owner());
        assertTrue(log.claim(a, "C", T.plusSeconds(200)).isEmpty(), "C read it before B took it: too late");
        assertFalse(log.update(a.attempted(Delivery.SENT, null, null, T, null), "A"), "A no longer holds it");

        assertEquals(sharesLanes, log.earlierPending(log.get("b").orElseThrow()), "a is pending, and goes first");
        assertTrue(log.update(byB.get().attempted(Delivery.FAILED, "HTTP 500", null, null, null), "B"));
        assertFalse(log.earlierPending(log.get("b").orElseThrow()), "a failed: b goes on");
        assertEquals(
                List.of("a"),
                log.list(Delivery.FAILED, 10).stream().map(Delivery::id).toList());
        assertEquals("HTTP 500", log.get("a").orElseThrow().lastError());

        Delivery again = log.redeliver("a", T.plusSeconds(300)).orElseThrow();
        assertEquals(Delivery.PENDING, again.status());
        assertEquals(0, again.attempts());
        assertEquals("HTTP 500", again.lastError(), "the last error stays until the next attempt");
        assertTrue(log.claim(again, "B", T.plusSeconds(400)).isPresent(), "anyone may claim a redelivered entry");
        assertEquals(
                Delivery.PENDING, log.redeliver("b", T).orElseThrow().status(), "a pending one is answered as it is");
        assertTrue(log.redeliver("nope", T).isEmpty());

        log.addWebhook(new Webhook(
                "w",
                "http://h/",
                "0123456789abcdef",
                new Webhook.Filter(List.of("NotifyOperators"), true, null, null),
                Webhook.API));
        Webhook w = log.webhooks().get(0);
        assertEquals("0123456789abcdef", w.secret(), "kept to sign with");
        assertEquals(List.of("NotifyOperators"), w.filter().actions());
        assertTrue(log.removeWebhook("w"));
        assertFalse(log.removeWebhook("w"));
    }
}

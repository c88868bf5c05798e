package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.json.Mappers;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;
import waybill.store.Store;
import waybill.store.StoreTestSupport;
import waybill.store.Webhook;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Two delivery workers on one store, as two instances sharing a database: the store holds each entry's
 * claim, so while the instance that made an entry lives (its lease holds) the other leaves it alone; when
 * it dies, the other takes its entries over once the lease lapses, and derives the decisions it committed
 * but never turned into entries. The dead instance's late word is refused.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DeliveryClaimsTest {
    /** The delivery threads of a test's instance (a service's are its composition root's). */
    static final java.util.concurrent.ThreadFactory THREADS = r -> {
        Thread t = new Thread(r, "test-deliveries");
        t.setDaemon(true);
        return t;
    };

    /** A test instance's sender pool: {@link Deliveries#close()} ends it. */
    static java.util.concurrent.ExecutorService senders() {
        return java.util.concurrent.Executors.newFixedThreadPool(4, THREADS);
    }

    static final ObjectMapper JSON = Mappers.json();

    static DeliveryConfig config(Receiver r) {
        return new DeliveryConfig(
                true,
                null,
                List.of(new DeliveryConfig.ConfiguredWebhook(
                        "hook", r.url(), DeliveryWebhookTest.SECRET, new Webhook.Filter(null, true, null, null))),
                null,
                new DeliveryConfig.Retry(
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1),
                        Duration.ofHours(1),
                        DeliveryWebhookTest.HANG_TIMEOUT,
                        0.0),
                Duration.ofMinutes(2),
                null,
                2,
                DeliveryConfig.Egress.ANYWHERE);
    }

    static Deliveries instance(DeliveryConfig c, Store store, ManualClock clock) {
        return new Deliveries(
                c, store.deliveries(), clock, j -> Optional.empty(), new SimpleMeterRegistry(), true, () -> 0.5);
    }

    @Test
    void anotherInstanceTakesOverTheEntriesOfOneThatDied(@TempDir Path dir) throws Exception {
        Rulebook rules = StoreTestSupport.rules();
        ManualClock clock = new ManualClock(StoreTestSupport.T0);
        try (Receiver r = new Receiver().otherwise(500);
                Store store = StoreFactory.embedded(dir)) {
            DeliveryConfig c = config(r);
            Deliveries a = instance(c, store, clock).start(THREADS, senders());
            Processor viaA = new Processor(() -> rules, new CommitTap(store, a, clock), clock);
            for (int j = 0; j < 3; j++) {
                viaA.submit(StoreTestSupport.create(StoreTestSupport.jobId("s1", "claimed-" + j), "c" + j));
            }
            List<Receiver.Request> first = r.await(q -> q.size() >= 3, 20); // each tried once, answered 500
            DeliveryLog log = store.deliveries();
            awaitAttempted(log, 3);
            a.close(); // the instance dies: its claims stay in the store

            // a decision it committed but never derived (it was gone before its delivery thread ran)
            viaA.submit(StoreTestSupport.create(StoreTestSupport.jobId("s1", "underived"), "c-late"));
            assertEquals(3, log.list(null, 100).size(), "nothing derived it yet");

            Deliveries b = instance(c, store, clock).start(THREADS, senders());
            try {
                assertEquals(0, b.takeOverLapsed(), "the first instance's lease still holds");
                // its start-up pass runs behind its start: wait for the entry it derives
                Awaitility.await("the second instance derives its entry")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> b.pending() >= 1);
                assertEquals(
                        1,
                        b.pending(),
                        "only the entry it derived itself at start: the decision past the job's cursor");
                r.otherwise(200);
                clock.advance(Duration.ofSeconds(10).plus(c.lease()).plusSeconds(1));
                assertEquals(
                        3, b.takeOverLapsed(), "the lease lapsed: the three entries are the second instance's now");
                List<Receiver.Request> all =
                        r.await(q -> q.stream().filter(x -> x.answer() == 200).count() >= 4, 20);
                Set<String> firstIds = ids(first);
                Set<String> resent = new HashSet<>();
                for (Receiver.Request q : all) {
                    if (q.answer() == 200) {
                        resent.add(JSON.readTree(q.body()).get("id").asText());
                    }
                }
                assertTrue(resent.containsAll(firstIds), "the same event ids: " + firstIds + " in " + resent);
                assertEquals(4, resent.size());
                awaitStatus(log, Delivery.SENT, 4);
                for (Delivery d : log.list(Delivery.SENT, 100)) {
                    assertEquals(b.owner(), d.owner(), "sent by the second instance");
                    // the dead instance's late outcome is refused: it no longer holds the claim
                    assertFalse(log.update(d.attempted(Delivery.FAILED, "late", null, null, null), a.owner()));
                }
            } finally {
                b.close();
            }
        }
    }

    @Test
    void anActionsEventIdIsTheIdOfTheActionInTheStore(@TempDir Path dir) throws Exception {
        Rulebook rules = StoreTestSupport.rules();
        ManualClock clock = new ManualClock(StoreTestSupport.T0);
        try (Store store = StoreFactory.embedded(dir)) {
            String job = StoreTestSupport.jobId("s1", "nobody-expected");
            // drives arriving for a job that does not exist: the rules raise actions
            var d = new Processor(() -> rules, store, clock)
                    .submit(StoreTestSupport.fact(
                            job, "arrived", "{\"type\": \"PackageArrived\", \"driveIds\": [\"D1\"]}"));
            assertFalse(d.actions().isEmpty(), d.toString());
            List<Event> events = new Events(java.net.URI.create("urn:test")).of(d, Events.version(d));
            Set<String> actionIds = new HashSet<>();
            store.actions(null).forEach(a -> actionIds.add(a.id()));
            Set<String> eventIds = new HashSet<>();
            events.stream().filter(Event::isAction).forEach(e -> eventIds.add(e.id()));
            assertEquals(actionIds, eventIds);
        }
    }

    static Set<String> ids(List<Receiver.Request> got) throws Exception {
        Set<String> ids = new HashSet<>();
        for (Receiver.Request q : got) {
            ids.add(JSON.readTree(q.body()).get("id").asText());
        }
        return ids;
    }

    static void awaitAttempted(DeliveryLog log, int n) {
        org.awaitility.Awaitility.await(n + " attempted entries")
                .atMost(DeliveryWebhookTest.WORKER)
                .until(() -> log.list(Delivery.PENDING, 100).stream()
                                .filter(d -> d.attempts() >= 1)
                                .count()
                        >= n);
    }

    static void awaitStatus(DeliveryLog log, String status, int n) {
        org.awaitility.Awaitility.await(n + " " + status + " entries")
                .atMost(DeliveryWebhookTest.WORKER)
                .until(() -> log.list(status, 100).size() >= n);
    }
}

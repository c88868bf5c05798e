package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.json.Mappers;
import waybill.store.DeliveryLog;
import waybill.store.Store;
import waybill.store.StoreTestSupport;
import waybill.store.Webhook;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Delivery on with nothing subscribed costs the write path nothing: no decision is derived, no cursor
 * moves. A webhook added later receives the decisions committed after it was added, not the earlier ones.
 * The start-up pass runs behind the start, so it never holds serving back.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DeliveryIdleTest {
    static DeliveryConfig nothingSubscribed() {
        return new DeliveryConfig(
                true,
                null,
                List.of(),
                null,
                new DeliveryConfig.Retry(
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1),
                        Duration.ofHours(1),
                        Duration.ofMillis(400),
                        0.0),
                Duration.ofMinutes(2),
                null,
                2,
                DeliveryConfig.Egress.ANYWHERE);
    }

    @Test
    void withNothingSubscribedNoDecisionIsDerivedAndAWebhookAddedLaterGetsOnlyWhatFollows(@TempDir Path dir)
            throws Exception {
        Rulebook rules = StoreTestSupport.rules();
        ManualClock clock = new ManualClock(T0);
        try (Receiver r = new Receiver().otherwise(200);
                Store store = StoreFactory.embedded(dir)) {
            Deliveries d = DeliveryClaimsTest.instance(nothingSubscribed(), store, clock)
                    .start(DeliveryClaimsTest.THREADS, DeliveryClaimsTest.senders());
            try {
                Processor p = new Processor(() -> rules, new CommitTap(store, d, clock), clock);
                String before = StoreTestSupport.jobId("s1", "before");
                p.submit(StoreTestSupport.create(before, "c0"));
                DeliveryLog log = store.deliveries();
                assertEquals(0, d.pending(), "nothing queued for the outbox");
                assertEquals(List.of(), log.list(null, 100), "no entry");
                assertEquals(1, log.underived().size(), "no cursor moved: the decision was not derived");

                d.webhooks()
                        .add("late", r.url(), DeliveryWebhookTest.SECRET, new Webhook.Filter(null, true, null, null));
                String after = StoreTestSupport.jobId("s1", "after");
                p.submit(StoreTestSupport.create(after, "c1"));
                List<Receiver.Request> got = r.await(q -> !q.isEmpty(), 20);
                Set<String> jobs = new HashSet<>();
                for (Receiver.Request q : got) {
                    JsonNode event = Mappers.json().readTree(q.body());
                    jobs.add(event.path("data")
                            .path("jobId")
                            .asText(event.path("subject").asText()));
                }
                assertTrue(jobs.stream().anyMatch(j -> j.contains("after")), "the later decision: " + jobs);
                assertTrue(jobs.stream().noneMatch(j -> j.contains("/before")), "not the earlier one: " + jobs);
            } finally {
                d.close();
            }
        }
    }

    @Test
    void theStartUpPassDoesNotHoldTheStartBack(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver r = new Receiver().otherwise(200);
                Store store = StoreFactory.embedded(dir)) {
            DeliveryLog slow = heldUnderived(store.deliveries(), release);
            Deliveries d = new Deliveries(
                    DeliveryClaimsTest.config(r),
                    slow,
                    new ManualClock(T0),
                    j -> Optional.empty(),
                    new SimpleMeterRegistry(),
                    false,
                    () -> 0.5);
            try {
                // returns while the pass over the log waits: the test would hang otherwise
                d.start(DeliveryClaimsTest.THREADS, DeliveryClaimsTest.senders());
                release.countDown();
            } finally {
                release.countDown();
                d.close();
            }
        }
    }

    /** The store's outbox, whose pass over the log waits until {@code release}. */
    private static DeliveryLog heldUnderived(DeliveryLog log, CountDownLatch release) {
        return (DeliveryLog) java.lang.reflect.Proxy.newProxyInstance(
                DeliveryLog.class.getClassLoader(), new Class<?>[] {DeliveryLog.class}, (proxy, m, args) -> {
                    if (m.getName().equals("underived")) {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    try {
                        return m.invoke(log, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

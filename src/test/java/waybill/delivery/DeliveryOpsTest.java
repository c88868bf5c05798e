package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import waybill.api.TestServer;
import waybill.store.Webhook;

/**
 * What operators see of delivery: /health says when it is backed up, /metrics counts attempts by outcome
 * and the age of the oldest pending entry, the configuration file's webhooks are listed and cannot be removed
 * through the API, and an operator key reads the outbox but changes nothing.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DeliveryOpsTest {
    @Test
    void healthAndMetricsShowABackedUpReceiver() throws Exception {
        try (Receiver r = new Receiver().otherwise(500)) {
            DeliveryConfig c = new DeliveryConfig(
                    true,
                    null,
                    List.of(new DeliveryConfig.ConfiguredWebhook(
                            "from-file",
                            r.url(),
                            DeliveryWebhookTest.SECRET,
                            new Webhook.Filter(List.of("NotifyOperators"), null, null, null))),
                    null,
                    new DeliveryConfig.Retry(
                            Duration.ofMinutes(10),
                            Duration.ofMinutes(10),
                            Duration.ofDays(1),
                            DeliveryWebhookTest.HANG_TIMEOUT,
                            0.0),
                    null,
                    Duration.ofMinutes(5),
                    null,
                    DeliveryConfig.Egress.ANYWHERE);
            try (TestServer t = TestServer.withDeliveries(c)) {
                JsonNode hooks = t.get("/ops/webhooks").json();
                assertEquals("from-file", hooks.get(0).get("id").asText());
                assertEquals("config", hooks.get(0).get("origin").asText());
                assertEquals(
                        409, t.delete("/ops/webhooks/from-file").status(), "the file's webhook is removed in the file");
                assertFalse(
                        t.get("/health").json().get("delivery").get("backedUp").asBoolean());

                DeliveryWebhookTest.missingPackage(t, "backed-up");
                DeliveryWebhookTest.awaitEntry(t, 1, "failed: the webhook answered HTTP 500");
                DeliveryWebhookTest.advance(t, "PT6M"); // past backedUpAfter, before the next attempt (10 min)
                JsonNode delivery = t.get("/health").json().get("delivery");
                assertEquals(200, t.get("/health").status(), "the service is up; its delivery is behind");
                assertTrue(delivery.get("backedUp").asBoolean(), delivery.toString());
                assertEquals(1, delivery.get("pending").asInt());
                assertEquals(360.0, delivery.get("oldestPendingSeconds").asDouble(), delivery.toString());
                String metrics = t.get("/metrics").text();
                assertTrue(
                        metrics.contains("waybill_deliveries_total{channel=\"webhook\",outcome=\"retry\"} 1.0"),
                        metrics);
                assertTrue(metrics.contains("waybill_deliveries_oldest_pending_seconds 360.0"), metrics);

                TestServer.Reply asOperator =
                        t.sendAs(TestServer.OPERATOR_KEY, "GET", "/ops/deliveries?status=pending", null);
                assertEquals(200, asOperator.status());
                assertEquals(1, asOperator.json().size());
                assertEquals(
                        403,
                        t.sendAs(TestServer.CUSTOMER_KEY, "GET", "/ops/deliveries", null)
                                .status());
                assertEquals(400, t.get("/ops/deliveries?limit=0").status());

                r.otherwise(200);
                DeliveryWebhookTest.advance(t, "PT5M");
                DeliveryWebhookTest.await(t, "sent", 1);
                org.awaitility.Awaitility.await("a sent attempt counted") // the worker thread's last steps
                        .atMost(DeliveryWebhookTest.WORKER)
                        .until(() -> t.get("/metrics")
                                .text()
                                .contains("waybill_deliveries_total{channel=\"webhook\",outcome=\"sent\"} 1.0"));
                assertFalse(
                        t.get("/health").json().get("delivery").get("backedUp").asBoolean());
                assertEquals(
                        0,
                        t.get("/health").json().get("delivery").get("pending").asInt());
            }
        }
    }
}

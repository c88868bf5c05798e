package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import waybill.api.TestServer;
import waybill.json.Mappers;

/**
 * Webhooks end to end, on the real service and a real HTTP receiver on loopback: CloudEvents bodies,
 * signatures, stable event ids, order per job, retries on 500, timeouts and dropped connections with
 * their backoff on the service clock, failure past the stated time, and redelivery.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DeliveryWebhookTest {
    static final ObjectMapper JSON = Mappers.json();
    static final String SECRET = "a-webhook-secret-of-some-length";
    static final String KEY = "238810-662376-448998-450120-652806-203390-606320-483076"; // the example's BitLocker key

    /** How long a webhook may take to answer: a receiver that hangs is given up after it, an answer never is. */
    static final Duration HANG_TIMEOUT = Duration.ofSeconds(3);
    /** A generous bound on the worker thread's steps on a loaded machine. */
    static final Duration WORKER = Duration.ofSeconds(60);

    static DeliveryConfig config(Duration giveUpAfter) {
        return new DeliveryConfig(
                true,
                null,
                List.of(),
                null,
                new DeliveryConfig.Retry(Duration.ofSeconds(10), Duration.ofMinutes(1), giveUpAfter, HANG_TIMEOUT, 0.0),
                null,
                null,
                null,
                DeliveryConfig.Egress.ANYWHERE);
    }

    static void subscribe(TestServer t, Receiver r, String filter) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "hook");
        body.put("url", r.url());
        body.put("secret", SECRET);
        body.set("filter", JSON.readTree(filter));
        TestServer.Reply reply = t.post("/ops/webhooks", body);
        assertEquals(201, reply.status(), reply.text());
        assertFalse(reply.text().contains(SECRET), "the secret is never answered");
    }

    /** A job created from the specification's example, shipped, and then left two weeks without a package. */
    static String missingPackage(TestServer t, String name) throws Exception {
        String url = TestServer.jobUrl("rg", name);
        assertEquals(
                201,
                t.put(url, TestServer.example("CreateJob.json", "parameters", "body"))
                        .status());
        TestServer.Reply shipped = t.patch(
                url,
                JSON.readTree("{\"properties\":{\"state\":\"Shipping\",\"deliveryPackage\":"
                        + "{\"carrierName\":\"FedEx\",\"trackingNumber\":\"TRACK-77331\"}}}"));
        assertEquals(200, shipped.status(), shipped.text());
        assertEquals(
                200,
                t.post("/ops/clock", JSON.readTree("{\"advance\":\"P15D\"}")).status());
        return TestServer.jobPath("rg", name);
    }

    static void advance(TestServer t, String by) {
        assertEquals(
                200,
                t.post("/ops/clock", JSON.createObjectNode().put("advance", by)).status());
    }

    static Instant now(TestServer t) {
        return t.server.clock().instant();
    }

    @Test
    void everyEventArrivesSignedAsACloudEventInTheOrderItWasDecided() throws Exception {
        try (Receiver r = new Receiver();
                TestServer t = TestServer.withDeliveries(config(Duration.ofHours(1)))) {
            subscribe(t, r, "{\"decisions\": true}");
            String job = missingPackage(t, "signed");
            // create, update to Shipping, the two-week timer: 3 decisions; the timer adds NotifyOperators +
            // NotifyCustomer
            r.awaitCount(5);
            // the outbox is done (every entry sent, none pending): a duplicate would have arrived by now
            await(t, "sent", 5);
            org.awaitility.Awaitility.await()
                    .atMost(WORKER)
                    .until(() -> t.get("/ops/deliveries?status=pending").json().isEmpty());
            List<Receiver.Request> got = r.requests();
            assertEquals(5, got.size(), got.toString());
            Set<String> ids = new HashSet<>();
            long lastVersion = 0;
            List<String> types = new ArrayList<>();
            for (Receiver.Request q : got) {
                assertEquals("application/cloudevents+json", q.header("Content-Type"));
                String sig = q.header(Signature.HEADER);
                // signed at the service clock: the first decisions at the start, the timer's 15 days later
                Instant at = Instant.ofEpochSecond(Long.parseLong(sig.substring(2, sig.indexOf(','))));
                assertTrue(at.equals(TestServer.START) || at.equals(now(t)), sig);
                assertTrue(Signature.verify(SECRET, sig, q.body(), at.plusSeconds(30), Duration.ofMinutes(5)), sig);
                assertFalse(Signature.verify("another-secret-0123456789", sig, q.body(), at, Duration.ofMinutes(5)));
                assertFalse(
                        Signature.verify(SECRET, sig, q.body() + " ", at, Duration.ofMinutes(5)),
                        "a changed body fails the check");
                assertFalse(
                        Signature.verify(SECRET, sig, q.body(), at.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5)),
                        "an old timestamp fails the check: a replay is refused");
                JsonNode ce = JSON.readTree(q.body());
                assertEquals("1.0", ce.get("specversion").asText());
                assertEquals("urn:waybill", ce.get("source").asText());
                assertEquals(job, ce.get("subject").asText());
                assertNotNull(ce.get("time"));
                assertTrue(ids.add(ce.get("id").asText()), "one id per event");
                long version = ce.get("jobversion").asLong();
                assertTrue(version >= lastVersion, "in the order decided: " + types);
                lastVersion = version;
                types.add(ce.get("type").asText());
                assertFalse(q.body().contains(KEY), "no BitLocker key in any event");
                assertFalse(q.body().contains("TRACK-77331"), "no tracking number either (personal data)");
                assertFalse(q.body().contains("Test@contoso.com"), "nor the contact e-mail");
            }
            assertEquals(
                    List.of(
                            "waybill.decision",
                            "waybill.decision",
                            "waybill.decision",
                            "waybill.action.NotifyOperators",
                            "waybill.action.NotifyCustomer"),
                    types);
            JsonNode notify = JSON.readTree(got.get(3).body()).get("data");
            assertEquals("NotifyOperators", notify.get("type").asText());
            assertEquals("9CA995BB", notify.get("driveIds").get(0).asText());
            assertEquals("Shipping", notify.get("jobState").asText());
            JsonNode sent = await(t, "sent", 5); // each outcome is recorded right after its answer
            assertEquals(5, sent.size(), sent.toString());
            sent.forEach(d -> assertEquals(1, d.get("attempts").asInt()));
            assertEquals(0, t.get("/ops/deliveries?status=pending").json().size());
            assertEquals(400, t.get("/ops/deliveries?status=lost").status());
        }
    }

    @Test
    void aFailingReceiverIsTriedAgainWithBackoffOnTheServiceClockWithTheSameEventId() throws Exception {
        try (Receiver r = new Receiver().then(500, Receiver.HANG, Receiver.DROP);
                TestServer t = TestServer.withDeliveries(config(Duration.ofHours(1)))) {
            subscribe(t, r, "{\"actions\": [\"NotifyOperators\"]}");
            missingPackage(t, "retried");
            Instant start = now(t);
            JsonNode entry = awaitEntry(t, 1, "failed: the webhook answered HTTP 500");
            assertEquals(
                    start.plusSeconds(10).toString(),
                    entry.get("nextAttemptAt").asText(),
                    "10 s after the first failure");
            assertEquals(1, r.requests().size(), "no second attempt before the clock says so");

            advance(t, "PT10S");
            entry = awaitEntry(
                    t, 2, "failed: no answer within " + HANG_TIMEOUT.toMillis() + " ms or the connection failed");
            assertEquals(
                    start.plusSeconds(10 + 20).toString(),
                    entry.get("nextAttemptAt").asText(),
                    "then twice as long");

            advance(t, "PT20S");
            entry = awaitEntry(
                    t, 3, "failed: no answer within " + HANG_TIMEOUT.toMillis() + " ms or the connection failed");
            assertEquals(
                    start.plusSeconds(10 + 20 + 40).toString(),
                    entry.get("nextAttemptAt").asText());

            advance(t, "PT40S");
            List<Receiver.Request> got = r.awaitCount(4);
            JsonNode sent = await(t, "sent", 1).get(0);
            assertEquals(4, sent.get("attempts").asInt());
            Set<String> eventIds = new HashSet<>();
            Set<String> bodies = new HashSet<>();
            for (Receiver.Request q : got) {
                eventIds.add(JSON.readTree(q.body()).get("id").asText());
                bodies.add(q.body());
            }
            assertEquals(Set.of(sent.get("eventId").asText()), eventIds, "every attempt carries the same event id");
            assertEquals(1, bodies.size(), "and the same body");
            assertEquals(
                    List.of(500, Receiver.HANG, Receiver.DROP, 200),
                    got.stream().map(Receiver.Request::answer).toList());
        }
    }

    @Test
    void laterEventsOfAJobWaitForAnEarlierOneThatIsRetried() throws Exception {
        try (Receiver r = new Receiver().then(500);
                TestServer t = TestServer.withDeliveries(config(Duration.ofHours(1)))) {
            subscribe(t, r, "{}"); // every action
            missingPackage(t, "ordered"); // NotifyOperators, then NotifyCustomer
            awaitEntry(t, 1, "failed: the webhook answered HTTP 500");
            advance(t, "PT10S");
            List<Receiver.Request> got = r.awaitCount(3);
            List<String> order = new ArrayList<>();
            for (Receiver.Request q : got) {
                order.add(JSON.readTree(q.body()).get("type").asText() + " " + q.answer());
            }
            assertEquals(
                    List.of(
                            "waybill.action.NotifyOperators 500",
                            "waybill.action.NotifyOperators 200",
                            "waybill.action.NotifyCustomer 200"),
                    order);
        }
    }

    @Test
    void anEntryIsFailedPastItsTimeIsAnIncidentAndAFailedOneCanBeRedelivered() throws Exception {
        try (Receiver r = new Receiver().otherwise(503);
                TestServer t = TestServer.withDeliveries(config(Duration.ofMinutes(1)))) {
            subscribe(t, r, "{\"actions\": [\"NotifyOperators\"]}");
            missingPackage(t, "failed");
            awaitEntry(t, 1, "failed: the webhook answered HTTP 503");
            advance(t, "PT10S"); // second attempt at +10 s, the next would be at +30 s
            awaitEntry(t, 2, "failed: the webhook answered HTTP 503");
            advance(t, "PT20S"); // third at +30 s; the next would be at +70 s, past the minute: failed
            JsonNode failed = await(t, "failed", 1).get(0);
            assertEquals(3, failed.get("attempts").asInt());
            assertEquals(
                    "failed: the webhook answered HTTP 503",
                    failed.get("lastError").asText());
            assertNull(failed.get("nextAttemptAt"));
            assertEquals(0, t.get("/ops/deliveries?status=pending").json().size());
            JsonNode incidents = t.sendAs(TestServer.OPERATOR_KEY, "GET", "/ops/incidents", null)
                    .json();
            assertEquals(failed.get("id"), incidents.at("/failedDeliveries/0/id"), "an incident: " + incidents);

            r.otherwise(200);
            String id = failed.get("id").asText();
            TestServer.Reply operator =
                    t.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/deliveries/" + id + "/redeliver", null);
            assertEquals(403, operator.status(), "redelivery is an admin's");
            TestServer.Reply again = t.post("/ops/deliveries/" + id + "/redeliver", null);
            assertEquals(200, again.status(), again.text());
            List<Receiver.Request> got = r.awaitCount(4);
            JsonNode sent = await(t, "sent", 1).get(0);
            assertEquals(id, sent.get("id").asText());
            assertEquals(
                    failed.get("eventId").asText(),
                    JSON.readTree(got.get(3).body()).get("id").asText());
            assertEquals(
                    409, t.post("/ops/deliveries/" + id + "/redeliver", null).status(), "a sent one is not");
            assertEquals(404, t.post("/ops/deliveries/nope/redeliver", null).status());
            assertEquals(
                    0, t.get("/ops/incidents").json().get("failedDeliveries").size(), "redelivered: gone");
        }
    }

    @Test
    void webhooksAreCheckedListedWithoutSecretsAndRemoved() throws Exception {
        try (TestServer t = TestServer.withDeliveries(config(Duration.ofHours(1)))) {
            Map<String, String> bad = new HashMap<>();
            bad.put("{\"url\":\"ftp://x\",\"secret\":\"" + SECRET + "\"}", "url must be an absolute http or https URL");
            bad.put("{\"url\":\"http://x\",\"secret\":\"short\"}", "secret must be at least 16 characters");
            bad.put(
                    "{\"url\":\"http://x\",\"secret\":\"" + SECRET + "\",\"filter\":{\"actions\":[\"Nope\"]}}",
                    "'Nope' is not one of");
            bad.put(
                    "{\"url\":\"http://x\",\"secret\":\"" + SECRET + "\",\"filter\":{\"jobStates\":[\"Lost\"]}}",
                    "'Lost' is not one of");
            bad.put("{\"url\":\"http://x\",\"secret\":\"" + SECRET + "\",\"colour\":1}", "colour");
            for (Map.Entry<String, String> b : bad.entrySet()) {
                TestServer.Reply reply = t.post("/ops/webhooks", JSON.readTree(b.getKey()));
                assertEquals(400, reply.status(), b.getKey() + " " + reply.text());
                assertTrue(reply.text().contains(b.getValue()), reply.text());
            }
            assertEquals(0, t.get("/ops/webhooks").json().size(), "a refused webhook changes nothing");
            TestServer.Reply made = t.post(
                    "/ops/webhooks", JSON.readTree("{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"" + SECRET + "\"}"));
            assertEquals(201, made.status(), made.text());
            String id = made.json().get("id").asText();
            assertEquals(
                    409,
                    t.post(
                                    "/ops/webhooks",
                                    JSON.readTree("{\"id\":\"" + id
                                            + "\",\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"" + SECRET + "\"}"))
                            .status());
            TestServer.Reply list = t.get("/ops/webhooks");
            assertEquals(1, list.json().size());
            assertFalse(list.text().contains(SECRET));
            assertEquals(
                    403,
                    t.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/webhooks", JSON.readTree("{}"))
                            .status());
            assertEquals(204, t.delete("/ops/webhooks/" + id).status());
            assertEquals(404, t.delete("/ops/webhooks/" + id).status());
        }
    }

    /** Waits (the worker is a thread) until the only pending entry has had this many attempts. */
    static JsonNode awaitEntry(TestServer t, int attempts, String error) {
        JsonNode entry = org.awaitility.Awaitility.await("a pending entry with " + attempts + " attempts")
                .atMost(WORKER)
                .until(
                        () -> {
                            for (JsonNode d :
                                    t.get("/ops/deliveries?status=pending").json()) {
                                if (d.get("attempts").asInt() == attempts) {
                                    return d;
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
        assertTrue(entry.get("lastError").asText().startsWith(error), entry.toString());
        return entry;
    }

    static JsonNode await(TestServer t, String status, int n) {
        return org.awaitility.Awaitility.await(n + " " + status + " entries")
                .atMost(WORKER)
                .until(() -> t.get("/ops/deliveries?status=" + status).json(), list -> list.size() >= n);
    }
}

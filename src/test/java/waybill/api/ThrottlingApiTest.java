package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import waybill.config.Throttling;

/**
 * Request budgets as ARM keeps them, on a small configured budget and a monotonic clock the test moves:
 * 3 reads and 2 writes per 6 s in the Jobs API (a read comes back every 2 s, a write every 3 s), 4 reads
 * and 2 writes on the operators' routes.
 */
class ThrottlingApiTest {
    static final String READS = "x-ms-ratelimit-remaining-subscription-reads";
    static final String WRITES = "x-ms-ratelimit-remaining-subscription-writes";
    static final String LIST =
            "/subscriptions/" + TestServer.SUB + "/providers/Microsoft.ImportExport/jobs?" + TestServer.V;

    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final TestServer app = TestServer.configured(
            c -> c.withThrottling(Throttling.parse("reads=3,writes=2,ops-reads=4,ops-writes=2,window=PT6S")
                    .withNanoTime(nanos::get)));

    @AfterEach
    void stop() {
        app.close();
    }

    TestServer.Reply list(String key) {
        return app.sendAs(key, "GET", LIST, null);
    }

    static String header(TestServer.Reply r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aBurstOfReadsPastTheBudgetIsTooManyRequestsUntilTheBucketRefills() {
        for (int left = 2; left >= 0; left--) {
            TestServer.Reply r = list(TestServer.CUSTOMER_KEY);
            assertEquals(200, r.status(), r.text());
            assertEquals(String.valueOf(left), header(r, READS), "the header counts down");
        }
        TestServer.Reply refused = list(TestServer.CUSTOMER_KEY);
        assertEquals(429, refused.status(), refused.text());
        assertEquals("TooManyRequests", refused.json().at("/error/code").asText());
        assertTrue(refused.json().at("/error/message").asText().contains("3 reads per PT6S"), refused.text());
        assertEquals("2", header(refused, "Retry-After"), "one read comes back every 2 s");
        assertEquals("0", header(refused, READS));

        advance(Duration.ofMillis(1_999));
        assertEquals(429, list(TestServer.CUSTOMER_KEY).status(), "not yet refilled");
        advance(Duration.ofMillis(1));
        TestServer.Reply again = list(TestServer.CUSTOMER_KEY);
        assertEquals(200, again.status(), again.text());
        assertEquals("0", header(again, READS));

        advance(Duration.ofSeconds(60)); // a long pause refills the bucket to its budget, not past it
        assertEquals("2", header(list(TestServer.CUSTOMER_KEY), READS));
    }

    @Test
    void aWritePastTheBudgetChangesNothing() throws Exception {
        for (int i = 1; i <= 2; i++) {
            TestServer.Reply r = app.sendAs(
                    TestServer.CUSTOMER_KEY,
                    "PUT",
                    jobUrl("rg-thr", "job" + i),
                    TestServer.createBodyIn(TestServer.SUB));
            assertEquals(201, r.status(), r.text());
            assertEquals(String.valueOf(2 - i), header(r, WRITES));
            assertEquals(null, header(r, READS), "a write says what is left of the writes");
        }
        TestServer.Reply refused = app.sendAs(
                TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-thr", "job3"), TestServer.createBodyIn(TestServer.SUB));
        assertEquals(429, refused.status(), refused.text());
        assertEquals("3", header(refused, "Retry-After"), "one write comes back every 3 s");
        TestServer.Reply delete = app.sendAs(TestServer.CUSTOMER_KEY, "DELETE", jobUrl("rg-thr", "job1"), null);
        assertEquals(429, delete.status(), "DELETE spends the same writes");

        assertEquals(
                404,
                app.sendAs(TestServer.ADMIN_KEY, "GET", jobUrl("rg-thr", "job3"), null)
                        .status());
        assertEquals(
                200,
                app.sendAs(TestServer.ADMIN_KEY, "GET", jobUrl("rg-thr", "job1"), null)
                        .status());
        TestServer.Reply read = list(TestServer.CUSTOMER_KEY);
        assertEquals(200, read.status(), "reads have a budget of their own");
        assertEquals("2", header(read, READS));
    }

    @Test
    void eachKeyAndSubscriptionHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            list(TestServer.CUSTOMER_KEY);
        }
        assertEquals(429, list(TestServer.CUSTOMER_KEY).status());

        TestServer.Reply admin = list(TestServer.ADMIN_KEY);
        assertEquals(200, admin.status(), "another key in the same subscription");
        assertEquals("2", header(admin, READS));
        TestServer.Reply otherSub = app.sendAs(
                TestServer.ADMIN_KEY,
                "GET",
                "/subscriptions/" + TestServer.SUB2 + "/providers/Microsoft.ImportExport/jobs?" + TestServer.V,
                null);
        assertEquals(200, otherSub.status());
        assertEquals("2", header(otherSub, READS), "the same key in another subscription");

        TestServer.Reply tenant = app.sendAs(
                TestServer.CUSTOMER_KEY, "GET", "/providers/Microsoft.ImportExport/operations?" + TestServer.V, null);
        assertEquals(200, tenant.status(), "the provider's routes are budgeted per key, outside any subscription");
        assertEquals("2", header(tenant, "x-ms-ratelimit-remaining-tenant-reads"));
    }

    @Test
    void theOperatorsRoutesHaveABudgetOfTheirOwnAndThePublicDocumentsNone() {
        for (int i = 0; i < 3; i++) {
            list(TestServer.ADMIN_KEY);
        }
        for (int i = 0; i < 4; i++) {
            TestServer.Reply r = app.sendAs(TestServer.ADMIN_KEY, "GET", "/ops/rules", null);
            assertEquals(200, r.status(), r.text());
            assertFalse(r.headers().firstValue(READS).isPresent(), "not an Azure-shaped answer");
        }
        TestServer.Reply refused = app.sendAs(TestServer.ADMIN_KEY, "GET", "/ops/rules", null);
        assertEquals(429, refused.status(), refused.text());
        assertEquals("2", header(refused, "Retry-After")); // 4 reads per 6 s: one every 1.5 s
        assertTrue(refused.json().at("/error/message").asText().contains("operators' routes"), refused.text());

        for (int i = 0; i < 10; i++) {
            assertEquals(200, app.sendAs(null, "GET", "/health", null).status());
        }
    }

    @Test
    void aHeadIsARead() {
        assertEquals(
                200,
                app.sendAs(TestServer.ADMIN_KEY, "HEAD", "/ops/clock", null).status());
        TestServer.Reply head = app.sendAs(TestServer.ADMIN_KEY, "HEAD", LIST, null);
        assertEquals(200, head.status());
        assertEquals("2", header(head, READS));
        assertEquals("1", header(list(TestServer.ADMIN_KEY), READS), "the HEAD spent a read of the same budget");
    }

    @Test
    void offSendsNoBudgetHeaders() {
        try (TestServer off = TestServer.configured(c -> c.withThrottling(Throttling.OFF))) {
            for (int i = 0; i < 5; i++) {
                TestServer.Reply r = off.sendAs(TestServer.CUSTOMER_KEY, "GET", LIST, null);
                assertEquals(200, r.status());
                assertFalse(r.headers().firstValue(READS).isPresent());
            }
        }
    }
}

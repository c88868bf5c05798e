package waybill.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import waybill.api.TestServer;

/** Waits with a deadline for the worker thread (not for a timer: the clock is manual). */
final class JsonAwait {
    private JsonAwait() {}

    /** Until at least {@code n} pending entries have had {@code attempts} attempts or more. */
    static JsonNode pendingWithAttempts(TestServer t, int n, int attempts) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode pending = null;
        while (System.nanoTime() < until) {
            pending = t.get("/ops/deliveries?status=pending").json();
            int count = 0;
            for (JsonNode d : pending) {
                if (d.get("attempts").asInt() >= attempts) {
                    count++;
                }
            }
            if (count >= n) {
                return pending;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not " + n + " entries with " + attempts + " attempts: " + pending);
    }
}

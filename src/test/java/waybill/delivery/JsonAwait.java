package waybill.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import waybill.api.TestServer;

/** Waits with a generous bound for the worker thread (not for a timer: the clock is manual). */
final class JsonAwait {
    private JsonAwait() {}

    /** Until at least {@code n} pending entries have had {@code attempts} attempts or more. */
    static JsonNode pendingWithAttempts(TestServer t, int n, int attempts) {
        return Awaitility.await(n + " pending entries with " + attempts + " attempts or more")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> t.get("/ops/deliveries?status=pending").json(), pending -> {
                    int count = 0;
                    for (JsonNode d : pending) {
                        if (d.get("attempts").asInt() >= attempts) {
                            count++;
                        }
                    }
                    return count >= n;
                });
    }
}

package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;

/**
 * The service on a shared MongoDB that goes away: every route that reads or writes the store answers 503
 * ServiceUnavailable with Retry-After, the outbox's and the console's included, none a 500; /health says
 * DOWN; once the database is back the same service answers again.
 */
class StoreAwayApiTest {
    @Test
    void withTheDatabaseAwayEveryStoreRouteAnswers503WithRetryAfter(@TempDir Path dir) throws Exception {
        InetSocketAddress at;
        try (ServerSocket s = new ServerSocket(0)) {
            at = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        EmbeddedMongo server = EmbeddedMongo.standalone(dir, at);
        try (TestServer app = TestServer.start(
                Path.of("rules"),
                ServiceConfig.ClockMode.MANUAL,
                StoreFactory.shared("mongodb://127.0.0.1:" + at.getPort() + "/away"))) {
            assertEquals(201, app.createImport("rg-away", "before").status());
            String job = TestServer.jobPath("rg-away", "before");
            server.close();

            List<String> answered = new ArrayList<>();
            for (String[] route : new String[][] {
                {"GET", jobUrl("rg-away", "before")},
                {"PUT", jobUrl("rg-away", "during")},
                {
                    "GET",
                    "/subscriptions/" + TestServer.SUB
                            + "/resourceGroups/rg-away/providers/Microsoft.ImportExport/jobs?" + TestServer.V
                },
                {"GET", "/ops/jobs"},
                {"GET", "/ops/job?jobId=" + job},
                {"GET", "/ops/history?jobId=" + job},
                {"GET", "/ops/actions?status=open"},
                {"GET", "/ops/calendar"},
                {"GET", "/ops/deliveries"},
                {"GET", "/ops/webhooks"},
                {"POST", "/ops/webhooks"},
                {"POST", "/ops/clock"}
            }) {
                Object body = route[0].equals("PUT")
                        ? TestServer.example("CreateJob.json", "parameters", "body")
                        : route[1].equals("/ops/webhooks")
                                ? Map.of("url", "https://example.com/hook", "secret", "0123456789abcdef0123")
                                : route[1].equals("/ops/clock") ? Map.of("advance", "P15D") : null;
                TestServer.Reply r = app.send(route[0], route[1], body);
                answered.add(route[0] + " " + route[1] + " " + r.status());
                assertEquals(503, r.status(), route[0] + " " + route[1] + ": " + r.text());
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), route[1] + " has Retry-After");
            }
            TestServer.Reply health = app.get("/health");
            assertEquals(503, health.status(), health.text());
            assertEquals("DOWN", health.json().get("status").asText());

            server = EmbeddedMongo.standalone(dir, at);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> app.get("/health").status() == 200);
            assertEquals(200, app.get(jobUrl("rg-away", "before")).status(), answered.toString());
        } finally {
            server.close();
        }
    }
}

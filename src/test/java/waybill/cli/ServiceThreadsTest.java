package waybill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.config.ServiceConfig;
import waybill.delivery.DeliveryConfig;
import waybill.delivery.Receiver;
import waybill.json.Mappers;
import waybill.store.Store;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;

/**
 * The service's threads end with it: started as {@code serve} and the tests start it (through {@link
 * Service}), exercised (a job, a fact, a timer fired, a webhook sent to a loopback receiver, a rules
 * reload) and stopped, no thread it made, nor Jetty's, nor its store's or database client's, is left.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServiceThreadsTest {
    /** Generous on a loaded machine: the stop itself waits for each executor. */
    private static final Duration ENDED = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void stoppingTheServiceLeavesNoThreadOfItOnTheEmbeddedStore() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            TestServer t = TestServer.start(
                    TestServer.copyRules(dir),
                    ServiceConfig.ClockMode.MANUAL,
                    StoreFactory.embedded(dir.resolve("data")),
                    loopbackDeliveries());
            try {
                exercise(t, receiver);
                shipped(t, "waits"); // no package arrives: its two-week timer fires
                assertEquals(
                        200, t.post("/ops/clock", Map.of("advance", "P15D")).status());
                delivered(receiver, "TimerFired");
            } finally {
                t.close();
            }
            assertNoThreadLeftBut(before, t);
        }
    }

    @Test
    void stoppingTheServiceLeavesNoThreadOfItOnASharedDatabase() throws Exception {
        EmbeddedMongo database = EmbeddedMongo.standalone(dir.resolve("db"), new InetSocketAddress("127.0.0.1", 0));
        try (Receiver receiver = new Receiver()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Store store = StoreFactory.open(null, database.connectionString());
            // the system clock: the timer sweep (claims on a shared store) and the rules follower run too
            TestServer t = TestServer.start(
                    TestServer.copyRules(dir), ServiceConfig.ClockMode.SYSTEM, store, loopbackDeliveries());
            try {
                exercise(t, receiver);
            } finally {
                t.close();
                database.close(); // the stand-in's own threads end with it
            }
            assertNoThreadLeftBut(before, t);
        } finally {
            database.close();
        }
    }

    @Test
    void aStopRightAfterTheStartEndsTheConsoleWarmUpBeforeTheStoreCloses() throws Exception {
        TestServer t = TestServer.start(
                TestServer.copyRules(dir), ServiceConfig.ClockMode.MANUAL, StoreFactory.embedded(dir.resolve("data")));
        t.service.warmConsole(); // reads the board, then replays every fixture: seconds
        t.close();
        assertEquals(
                List.of(),
                t.service.threadsAlive().stream().map(Thread::getName).toList(),
                "alive once the stop has returned");
    }

    /** A webhook to the receiver, a job created and shipped, a fact, a rules reload; each delivered or answered. */
    private static void exercise(TestServer t, Receiver receiver) throws Exception {
        ObjectNode hook = Mappers.json().createObjectNode();
        hook.put("id", "hook");
        hook.put("url", receiver.url());
        hook.put("secret", "a-webhook-secret-of-some-length");
        hook.set("filter", Mappers.json().readTree("{\"decisions\": true}"));
        assertEquals(201, t.post("/ops/webhooks", hook).status());
        String job = shipped(t, "threads");
        TestServer.Reply fact =
                t.post("/ops/facts", Map.of("type", "PackageArrived", "jobId", job, "driveIds", List.of("9CA995BB")));
        assertEquals(200, fact.status(), fact.text());
        delivered(receiver, "PackageArrived");
        TestServer.Reply reload = t.post("/ops/rules/reload", null);
        assertEquals(200, reload.status(), reload.text());
        assertFalse(t.service.threadsAlive().isEmpty(), "the service runs threads of its own");
    }

    /** A job created from the specification's example and shipped; its id. */
    private static String shipped(TestServer t, String name) throws Exception {
        assertEquals(201, t.createImport("rg", name).status());
        TestServer.Reply shipped = t.patch(
                TestServer.jobUrl("rg", name),
                Mappers.json()
                        .readTree("{\"properties\":{\"state\":\"Shipping\",\"deliveryPackage\":"
                                + "{\"carrierName\":\"FedEx\",\"trackingNumber\":\"TRACK-77331\"}}}"));
        assertEquals(200, shipped.status(), shipped.text());
        return TestServer.jobPath("rg", name);
    }

    private static void delivered(Receiver receiver, String fact) {
        Awaitility.await()
                .atMost(ENDED)
                .until(() -> receiver.requests().stream().anyMatch(q -> q.body().contains(fact)));
    }

    private static DeliveryConfig loopbackDeliveries() {
        return new DeliveryConfig(
                true,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                new DeliveryConfig.Egress(false, List.of("127.0.0.0/8")));
    }

    /**
     * Waits until every thread started since {@code before} has ended, but the test's own (its HTTP
     * client's, the receiver's, Awaitility's) and two the libraries keep once per process, not per
     * service: Drools' compiler pool (a {@code ForkJoinPool}, its idle workers end after a minute) and the
     * MongoDB driver's buffer pruner ({@code BufferPoolPruner}, one for every client of the process).
     */
    private static void assertNoThreadLeftBut(Set<Thread> before, TestServer t) {
        Awaitility.await()
                .atMost(ENDED)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(List.of(), left(before)));
        assertEquals(
                List.of(),
                t.service.threadsAlive().stream().map(Thread::getName).toList());
    }

    private static List<String> left(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(th -> !before.contains(th))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("HttpClient-") && !n.startsWith("receiver"))
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("awaitility"))
                .filter(n -> !n.startsWith("BufferPoolPruner-"))
                .sorted()
                .collect(Collectors.toList());
    }
}

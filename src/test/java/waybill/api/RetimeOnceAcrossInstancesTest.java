package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.StoreFactory;

/**
 * Three service instances on one MongoDB (the embedded server, shared): a reload with retime on one moves
 * each open job's deadline once. The other two follow the new rules and run no retime of their own; every
 * instance then shows the moved deadline, and each job's history holds one RulesChanged decision.
 */
class RetimeOnceAcrossInstancesTest {
    static final String WAIT_14 = "packageArrivalWait() { return \"P14D\"; }";
    static final String WAIT_21 = "packageArrivalWait() { return \"P21D\"; }";

    @Test
    void aRetimeOnOneOfThreeInstancesMovesEachOpenJobOnce(@TempDir Path dir) throws Exception {
        EmbeddedMongo mongo = EmbeddedMongo.standalone(dir.resolve("db"), new InetSocketAddress("127.0.0.1", 0));
        Path rulesA = TestServer.copyRules(dir.resolve("a"));
        try (mongo;
                TestServer a = shared(rulesA, mongo);
                TestServer b = shared(TestServer.copyRules(dir.resolve("b")), mongo);
                TestServer c = shared(TestServer.copyRules(dir.resolve("c")), mongo)) {
            List<String> jobs = List.of("job1", "job2", "job3");
            for (String name : jobs) {
                assertEquals(201, a.createImport("rg-cluster", name).status());
                assertEquals(
                        200,
                        a.patch(TestServer.jobUrl("rg-cluster", name), RetimeApiTest.ship())
                                .status());
            }
            assertEquals(200, a.post("/ops/clock", Map.of("advance", "P10D")).status());

            Path limits = rulesA.resolve("limits.drl");
            Files.writeString(limits, Files.readString(limits).replace(WAIT_14, WAIT_21));
            TestServer.Reply reload = a.post("/ops/rules/reload?force=true&retime=true", null);
            assertEquals(200, reload.status(), reload.text());
            String revision = reload.json().get("revision").asText();
            JsonNode done = RetimeApiTest.await(
                    a, r -> "done".equals(r.at("/retime/state").asText()));
            assertEquals(3, done.at("/retime/jobsMoved").asInt(), done.toString());

            for (TestServer follower : List.of(b, c)) {
                JsonNode followed = RetimeApiTest.await(
                        follower, r -> revision.equals(r.get("revision").asText()));
                assertTrue(!followed.hasNonNull("retime"), "a follower runs no retime: " + followed);
            }
            for (TestServer app : List.of(a, b, c)) {
                for (String name : jobs) {
                    String job = jobPath("rg-cluster", name);
                    assertEquals("2026-03-23T09:00:00Z", RetimeApiTest.deadline(app, job));
                    long changed = 0;
                    for (JsonNode h : app.get("/ops/history?jobId=" + job).json()) {
                        changed += "RulesChanged".equals(h.get("factType").asText()) ? 1 : 0;
                    }
                    assertEquals(1, changed, name + " on " + app.base());
                }
            }
        }
    }

    private static TestServer shared(Path rules, EmbeddedMongo mongo) {
        return TestServer.start(rules, ServiceConfig.ClockMode.MANUAL, StoreFactory.shared(mongo.connectionString()));
    }
}

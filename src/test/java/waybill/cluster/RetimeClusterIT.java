package waybill.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.RetimeApiTest;

/**
 * Three service processes on one store (the embedded server run alone, the stand-in for a replica set): a
 * reload with retime on one moves each open job's package-arrival deadline once, seven days later; the other
 * two follow the new rules and repeat nothing, and every process answers the moved deadline and one
 * RulesChanged decision per job.
 */
class RetimeClusterIT {
    static final String SUB = "c2c2c2c2-0000-0000-0000-000000000002";
    static final String V = "?api-version=2021-01-01";
    static final String WAIT_14 = "packageArrivalWait() { return \"P14D\"; }";
    static final String WAIT_21 = "packageArrivalWait() { return \"P21D\"; }";
    static final List<String> JOBS = List.of("retime-1", "retime-2", "retime-3");

    @Test
    void aRetimeAskedOfOneOfThreeProcessesMovesEachOpenJobOnce(@TempDir Path dir) throws Exception {
        JsonNode createBody = Node.JSON
                .readTree(Files.readString(Path.of("src/test/resources/azure-examples/CreateJob.json")))
                .at("/parameters/body");
        try (Cluster cluster = Cluster.start(dir, 3)) {
            Node first = cluster.node(0);
            Map<String, Instant> before = new HashMap<>();
            for (int i = 0; i < JOBS.size(); i++) {
                Node n = cluster.node(i);
                String job = job(JOBS.get(i));
                assertEquals(201, n.put(job + V, createBody).status());
                Node.Reply shipped = n.send("PATCH", job + V, RetimeApiTest.ship());
                assertEquals(200, shipped.status(), shipped.text());
                before.put(job, Instant.parse(packageArrival(first, job)));
            }

            Path limits = first.rules.resolve("limits.drl");
            Files.writeString(limits, Files.readString(limits).replace(WAIT_14, WAIT_21));
            Node.Reply reload = first.post("/ops/rules/reload?force=true&retime=true", null);
            assertEquals(200, reload.status(), reload.text());
            String revision = reload.json().get("revision").asText();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> "done"
                            .equals(first.get("/ops/rules")
                                    .json()
                                    .at("/retime/state")
                                    .asText()));
            assertEquals(
                    JOBS.size(),
                    first.get("/ops/rules").json().at("/retime/jobsMoved").asInt());

            for (Node follower : List.of(cluster.node(1), cluster.node(2))) {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> revision.equals(follower.get("/ops/rules")
                                .json()
                                .get("revision")
                                .asText()));
                assertFalse(follower.get("/ops/rules").json().hasNonNull("retime"), "a follower runs no retime");
            }
            for (Node n : cluster.nodes()) {
                for (String name : JOBS) {
                    String job = job(name);
                    assertEquals(
                            before.get(job).plus(Duration.ofDays(7)).toString(),
                            packageArrival(n, job),
                            name + " on " + n);
                    long changed = 0;
                    for (JsonNode h : n.get("/ops/history?jobId=" + job).json()) {
                        changed += "RulesChanged".equals(h.get("factType").asText()) ? 1 : 0;
                    }
                    assertEquals(1, changed, name + " on " + n + "\n" + cluster.logs());
                }
            }
        }
    }

    static String job(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    static String packageArrival(Node n, String job) {
        JsonNode j = n.get("/ops/job?jobId=" + job).json();
        for (JsonNode d : j.at("/job/deadlines")) {
            if ("package-arrival".equals(d.get("name").asText())) {
                return d.get("at").asText();
            }
        }
        return "(none) in " + j;
    }
}

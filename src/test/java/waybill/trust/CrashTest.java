package waybill.trust;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;

/**
 * The real service as a separate process on the embedded store: facts under load, SIGKILL mid-run,
 * restart on the same data. Every fact acknowledged with a 2xx is in the history exactly once, nothing is
 * doubled, versions have no gap, and every job is in the state its history ends in (one the rules reached).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
public class CrashTest {
    public static final String KEY = "crash-test-admin-key-0000000001";
    static final int JOBS = 4;
    static final int CLIENTS = 8;
    static final Pattern LISTENING = Pattern.compile("waybill listening on http://localhost:(\\d+)");

    @Test
    void everyAcknowledgedFactSurvivesSigkillExactlyOnce(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        List<String> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            jobs.add(Http.jobId(TestServer.SUB, "crash", "job-" + j));
        }
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Service first = Service.start(data, tmp.resolve("first.log"));
        try {
            Http http = new Http(first.base(), KEY);
            for (String job : jobs) {
                http.transferringJob(job);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger serverErrors = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(
                        () -> {
                            Http h = new Http(first.base(), KEY);
                            for (int n = 0; !stop.get(); n++) {
                                String factId = "c" + client + "-" + n;
                                String job = jobs.get((client + n) % JOBS);
                                sent.add(factId);
                                try {
                                    Http.Reply r = h.send("POST", "/ops/facts", Http.progress(job, factId, n % 101));
                                    if (r.ok()) {
                                        acked.add(factId);
                                    } else if (r.status() >= 500) {
                                        serverErrors.incrementAndGet();
                                    }
                                } catch (IOException | InterruptedException killed) {
                                    return; // the service is gone
                                }
                            }
                        },
                        "crash-client-" + c);
                t.start();
                clients.add(t);
            }
            await("300 facts acknowledged under load")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> acked.size() >= 300);
            first.kill(); // SIGKILL, mid-run: the clients are still sending
            stop.set(true);
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(20));
            }
            assertEquals(0, serverErrors.get(), "no 5xx under load");
        } finally {
            first.kill();
        }

        Service second = Service.start(data, tmp.resolve("second.log"));
        try {
            Http http = new Http(second.base(), KEY);
            Map<String, Integer> seen = new HashMap<>();
            for (String job : jobs) {
                JsonNode history = http.history(job);
                long last = 0;
                for (JsonNode h : history) {
                    long seq = h.get("sequence").asLong();
                    assertEquals(last + 1, seq, "versions without a gap on " + job);
                    last = seq;
                    if (h.hasNonNull("factId")) {
                        seen.merge(h.get("factId").asText(), 1, Integer::sum);
                    }
                }
                JsonNode state = Http.expect(200, http.send("GET", job + "?" + Http.V, null))
                        .json();
                String lastState =
                        history.get(history.size() - 1).path("stateAfter").asText();
                assertEquals(lastState, state.at("/properties/state").asText(), "the job is where its history ends");
                assertEquals("Transferring", lastState, "progress keeps a job Transferring");
            }
            for (String factId : acked) {
                assertEquals(1, seen.getOrDefault(factId, 0), "acknowledged fact " + factId + " is there exactly once");
            }
            seen.forEach((factId, n) -> {
                assertEquals(1, n, factId + " is not doubled");
                assertTrue(sent.contains(factId) || !factId.startsWith("c"), factId);
            });
            // the store takes writes again, and an acknowledged fact sent again is not applied twice
            String again = acked.iterator().next();
            String job = jobs.get(Integer.parseInt(again.substring(1, again.indexOf('-'))) % JOBS);
            int before = http.history(jobs.get(0)).size()
                    + http.history(jobs.get(1)).size()
                    + http.history(jobs.get(2)).size()
                    + http.history(jobs.get(3)).size();
            // sent again on the job it was sent to (a factId is unique per job: on another job it is a new fact)
            String[] clientAndN = again.substring(1).split("-");
            String own = jobs.get((Integer.parseInt(clientAndN[0]) + Integer.parseInt(clientAndN[1])) % JOBS);
            Http.Reply resent = http.send("POST", "/ops/facts", Http.progress(own, again, 1));
            assertEquals(200, resent.status(), resent.text());
            Http.expect(200, http.send("POST", "/ops/facts", Http.progress(job, "after-restart", 50)));
            int after = 0;
            for (String j : jobs) {
                after += http.history(j).size();
            }
            assertEquals(before + 1, after);
        } finally {
            second.stop();
        }
    }

    /** `waybill serve` in its own JVM, on the test's classpath. */
    public record Service(Process process, String base, Path log) {
        static Service start(Path data, Path log) throws Exception {
            return start(data, log, 300);
        }

        /** Started on {@code data} with {@code extra} serve options; fails unless it listens within {@code seconds}. */
        public static Service start(Path data, Path log, int seconds, String... extra) throws Exception {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-cp",
                            cp,
                            "waybill.cli.Main",
                            "serve",
                            "--data",
                            data.toString(),
                            "--port",
                            "0",
                            "--clock",
                            "manual",
                            "--start",
                            TestServer.START.toString(),
                            "--rules",
                            "rules",
                            "--locations",
                            Path.of("config", "locations.yaml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.command().addAll(List.of(extra));
            pb.environment().put("WAYBILL_KEYS", KEY + "=admin");
            pb.environment().remove("MONGODB_URI");
            Process p = pb.start();
            AtomicReference<String> base = new AtomicReference<>();
            try {
                await("serve listens")
                        .atMost(Duration.ofSeconds(seconds))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            String text = Files.exists(log) ? Files.readString(log) : "";
                            Matcher m = LISTENING.matcher(text);
                            if (m.find()) {
                                base.set("http://127.0.0.1:" + m.group(1));
                                return true;
                            }
                            if (!p.isAlive()) {
                                throw new AssertionError("serve exited with " + p.exitValue() + ":\n" + text);
                            }
                            return false;
                        });
            } catch (ConditionTimeoutException e) {
                p.destroyForcibly();
                throw new AssertionError("serve did not start in " + seconds + " s:\n" + Files.readString(log), e);
            }
            return new Service(p, base.get(), log);
        }

        /** SIGKILL on Linux: no shutdown hook, no last commit. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }

        public void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

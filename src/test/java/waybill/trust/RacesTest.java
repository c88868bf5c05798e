package waybill.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.config.ServiceConfig;
import waybill.store.mongo.StoreFactory;

/**
 * 16 writers on one job through the HTTP API on the embedded store: every acknowledged fact and PATCH is in
 * the history exactly once, versions strictly increase with no gap, the last PATCH is what the job shows;
 * one factId sent by 16 writers at once is applied once and every writer gets the same decision.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RacesTest {
    static final int WRITERS = 16;
    static final int PER_WRITER = 12;

    @Test
    void sixteenWritersOnOneJobLoseAndDoubleNothing(@TempDir Path data) throws Exception {
        try (TestServer s =
                TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.embedded(data))) {
            Http http = new Http(s.base(), TestServer.ADMIN_KEY);
            String job = Http.jobId(TestServer.SUB, "races", "one-job");
            http.transferringJob(job);
            int before = http.history(job).size();

            Set<String> ackedFacts = ConcurrentHashMap.newKeySet();
            Set<String> ackedPatches = ConcurrentHashMap.newKeySet();
            List<String> failures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < PER_WRITER; n++) {
                        String id = "w" + writer + "-" + n;
                        Http.Reply r;
                        if ((n + writer) % 2 == 0) {
                            r = http.send(
                                    "POST", "/ops/facts", Http.progress(job, id, (writer * PER_WRITER + n) % 101));
                            if (r.ok()) {
                                ackedFacts.add(id);
                            }
                        } else {
                            r = http.send("PATCH", job + "?" + Http.V, Map.of("tags", Map.of("writer", id)));
                            if (r.ok()) {
                                ackedPatches.add(id);
                            }
                        }
                        if (!r.ok()) {
                            synchronized (failures) {
                                failures.add(id + ": " + r.status() + " " + r.text());
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(100, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(List.of(), failures, "every write is acknowledged (conflicts are retried by the service)");
            assertEquals(WRITERS * PER_WRITER, ackedFacts.size() + ackedPatches.size());

            JsonNode history = http.history(job);
            Map<String, Integer> facts = new HashMap<>();
            Map<String, Integer> patches = new HashMap<>();
            long last = 0;
            String lastTag = null;
            for (JsonNode h : history) {
                long seq = h.get("sequence").asLong();
                assertTrue(seq > last, "versions strictly increase: " + seq + " after " + last);
                last = seq;
                if (h.path("factType").asText().equals("DriveProgress")) {
                    facts.merge(h.path("factId").asText(), 1, Integer::sum);
                } else if (h.path("factType").asText().equals("UpdateJob")
                        && h.at("/fact/request/tags/writer").isTextual()) {
                    lastTag = h.at("/fact/request/tags/writer").asText();
                    patches.merge(lastTag, 1, Integer::sum);
                }
                assertTrue(h.path("accepted").asBoolean(), h.toString());
            }
            assertEquals(before + WRITERS * PER_WRITER, history.size(), "nothing lost, nothing doubled");
            assertEquals(history.size(), last - history.get(0).get("sequence").asLong() + 1, "no gap in the versions");
            for (String id : ackedFacts) {
                assertEquals(1, facts.getOrDefault(id, 0), "fact " + id);
            }
            for (String id : ackedPatches) {
                assertEquals(1, patches.getOrDefault(id, 0), "PATCH " + id);
            }
            JsonNode now =
                    Http.expect(200, http.send("GET", job + "?" + Http.V, null)).json();
            assertEquals(lastTag, now.at("/tags/writer").asText(), "the job shows the last PATCH in its history");
            assertEquals("Transferring", now.at("/properties/state").asText());
        }
    }

    @Test
    void oneFactIdSentBySixteenWritersAtOnceIsAppliedOnce(@TempDir Path data) throws Exception {
        try (TestServer s =
                TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.embedded(data))) {
            Http http = new Http(s.base(), TestServer.ADMIN_KEY);
            String job = Http.jobId(TestServer.SUB, "races", "same-fact");
            http.transferringJob(job);
            int before = http.history(job).size();
            for (int round = 0; round < 5; round++) {
                String factId = "same-" + round;
                int percent = 10 + round;
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Reply>> replies = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    replies.add(pool.submit(() -> {
                        go.await();
                        return http.send("POST", "/ops/facts", Http.progress(job, factId, percent));
                    }));
                }
                go.countDown();
                Set<String> decisions = new java.util.HashSet<>();
                for (Future<Http.Reply> f : replies) {
                    Http.Reply r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.status(), r.text());
                    JsonNode d = r.json();
                    decisions.add(d.get("factId").asText() + "@" + d.get("at").asText() + "#" + d.at("/job/version"));
                }
                pool.shutdown();
                assertEquals(1, decisions.size(), "every writer gets the first decision: " + decisions);
            }
            JsonNode history = http.history(job);
            assertEquals(before + 5, history.size());
            Map<String, Integer> count = new HashMap<>();
            history.forEach(h -> count.merge(h.path("factId").asText(), 1, Integer::sum));
            for (int round = 0; round < 5; round++) {
                assertEquals(1, count.get("same-" + round));
            }
        }
    }
}

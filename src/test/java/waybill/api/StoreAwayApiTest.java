package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import waybill.config.ServiceConfig;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.rulesops.history.ActivationLog;
import waybill.store.ActionRecord;
import waybill.store.HistoryEntry;
import waybill.store.MemoryStore;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.store.StoreUnavailableException;
import waybill.timers.Due;

/** With the store away, requests are answered 503 ServiceUnavailable with Retry-After, /health 503 DOWN; then back. */
class StoreAwayApiTest {
    @Test
    void requestsAre503WithRetryAfterWhileTheStoreIsAwayAndServedWhenItIsBack() throws Exception {
        Switch store = new Switch(new MemoryStore());
        try (TestServer app = TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, store)) {
            assertEquals(201, app.createImport("rg-away", "before").status());
            store.away = true;
            TestServer.Reply get = app.get(TestServer.jobUrl("rg-away", "before"));
            assertEquals(503, get.status(), get.text());
            assertEquals("ServiceUnavailable", get.json().at("/error/code").asText());
            assertEquals("2", get.headers().firstValue("Retry-After").orElse(null));
            TestServer.Reply create = app.createImport("rg-away", "during");
            assertEquals(503, create.status(), create.text());
            TestServer.Reply facts = app.post(
                    "/ops/facts",
                    Map.of(
                            "type",
                            "PackageArrived",
                            "jobId",
                            TestServer.jobPath("rg-away", "before"),
                            "driveIds",
                            List.of("9CA995BB"),
                            "factId",
                            "away-1"));
            assertEquals(503, facts.status(), facts.text());
            assertEquals(503, app.get("/ops/actions?status=open").status());
            TestServer.Reply health = app.get("/health");
            assertEquals(503, health.status());
            assertEquals("DOWN", health.json().get("status").asText());

            store.away = false;
            assertEquals(200, app.get("/health").status());
            assertEquals(200, app.get(TestServer.jobUrl("rg-away", "before")).status());
            assertTrue(
                    app.get(TestServer.jobUrl("rg-away", "during")).status() == 404, "nothing was written while away");
        }
    }

    /** A store that can be switched away: every operation then fails as a MongoDB store's does. */
    static final class Switch implements Store {
        final Store inner;
        volatile boolean away;

        Switch(Store inner) {
            this.inner = inner;
        }

        private void check() {
            if (away) {
                throw new StoreUnavailableException("the test's store is away", null);
            }
        }

        @Override
        public Optional<Job> find(String jobId) {
            check();
            return inner.find(jobId);
        }

        @Override
        public Optional<Decision> decided(String jobId, String factId) {
            check();
            return inner.decided(jobId, factId);
        }

        @Override
        public void commit(Decision d) throws StaleJobException {
            check();
            inner.commit(d);
        }

        @Override
        public void refused(Decision d) {
            check();
            inner.refused(d);
        }

        @Override
        public Optional<Due> nextDue(Instant until) {
            check();
            return inner.nextDue(until);
        }

        @Override
        public ActivationLog activations() {
            return inner.activations();
        }

        @Override
        public List<Job> list(String s, String rg, String st, String after, int top) {
            check();
            return inner.list(s, rg, st, after, top);
        }

        @Override
        public List<HistoryEntry> history(String jobId) {
            check();
            return inner.history(jobId);
        }

        @Override
        public List<ActionRecord> actions(String status) {
            check();
            return inner.actions(status);
        }

        @Override
        public Optional<ActionRecord> completeAction(String id, Instant at, String by) {
            check();
            return inner.completeAction(id, at, by);
        }

        @Override
        public boolean healthy() {
            return !away && inner.healthy();
        }

        @Override
        public String describe() {
            return "switchable " + inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}

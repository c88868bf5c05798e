package waybill.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.JSON;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.fact;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.TimerFired;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.Trigger;
import waybill.store.ActionRecord;
import waybill.store.Store;
import waybill.store.mongo.MongoStore;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * The restore drill in the build: a few thousand jobs with random histories (a seeded walk over the facts
 * of a job's life, refusals included, then two timer sweeps) on the embedded store; backed up, restored
 * into a new data folder; the restored store answers every job, history, decision, action, pending
 * deadline and activation as the original, and a clock move fires the same timers on both.
 * {@code -Dwaybill.test.backupJobs=N} and {@code -Dwaybill.test.seed=S} change the size and the walk.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class BackupRoundTripTest {
    static final int JOBS = Integer.getInteger("waybill.test.backupJobs", 2000);
    static final int WRITERS = 8;

    /** The steps a walk picks from; many are refused in the state the job is in, which is part of the test. */
    static final List<String> STEPS = List.of(
            "ship", "arrive", "start", "finish", "cancel", "shipBack", "fault", "resolve", "invalidAddress", "respond");

    @Test
    void aStoreOfRandomHistoriesRestoredFromItsBackupAnswersAsTheOriginal(
            @TempDir Path original, @TempDir Path restored, @TempDir Path tmp) throws Exception {
        long seed = Long.getLong("waybill.test.seed", System.nanoTime());
        Rulebook rulebook = rules();
        Path archive = tmp.resolve("backup.jsonl.gz");
        Map<String, Object> before;
        List<String> firedBefore;
        ManualClock clock = new ManualClock(T0);
        try (MongoStore store = StoreFactory.embedded(original)) {
            Processor p = new Processor(() -> rulebook, store, clock);
            seed(p, new Random(seed));
            clock.set(T0.plus(Duration.ofDays(15)));
            p.fireDue(clock.instant()); // the two-week timers: histories with TimerFired, actions opened
            completeSome(store, new Random(seed + 1), clock.instant());
            store.activations()
                    .publish(
                            new Activation(
                                    rulebook.revision(),
                                    clock.instant(),
                                    Trigger.START,
                                    false,
                                    null,
                                    List.of(),
                                    1,
                                    0,
                                    5),
                            Map.of("rules/a.drl", "rule text"));
            try (OutputStream out = Files.newOutputStream(archive)) {
                Map<String, Long> counts = new ArchiveWriter(store.backup().orElseThrow()).write(out, clock.instant());
                assertEquals(JOBS, counts.get("jobs"), "seed " + seed);
            }
            before = answers(store);
            clock.set(T0.plus(Duration.ofDays(120)));
            firedBefore = describe(p.fireDue(clock.instant()));
        }
        Restore.Report report = new Restore(archive, line -> {}).into(new Restore.Target(restored, null), false);
        assertEquals((long) JOBS, report.counts().get("jobs"));
        try (MongoStore store = StoreFactory.embedded(restored)) {
            store.awaitWarm();
            Map<String, Object> after = answers(store);
            for (String key : before.keySet()) {
                assertEquals(before.get(key), after.get(key), key + " (seed " + seed + ")");
            }
            assertEquals(before.keySet(), after.keySet(), "seed " + seed);
            ManualClock later = new ManualClock(T0.plus(Duration.ofDays(120)));
            Processor p = new Processor(() -> rulebook, store, later);
            assertEquals(firedBefore, describe(p.fireDue(later.instant())), "the same timers fire (seed " + seed + ")");
            assertTrue(firedBefore.size() > JOBS / 10, "the walk leaves timers pending: " + firedBefore.size());
        }
    }

    /** Each job: created, then a walk of up to eight random steps; jobs spread over writers. */
    static void seed(Processor p, Random random) throws Exception {
        List<long[]> walks = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            walks.add(new long[] {random.nextLong()});
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = writer; i < JOBS; i += WRITERS) {
                        walk(p, i, new Random(walks.get(i)[0]));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void walk(Processor p, int i, Random r) throws Exception {
        String job = jobId("s" + (i % 7), "job" + i);
        p.submit(create(job, "c" + i));
        int steps = r.nextInt(9);
        for (int s = 0; s < steps; s++) {
            String step = STEPS.get(r.nextInt(STEPS.size()));
            String id = i + "-" + s;
            p.submit(
                    switch (step) {
                        case "ship" -> update(job, id, "{\"properties\": {\"state\": \"Shipping\"}}");
                        case "cancel" -> update(job, id, "{\"properties\": {\"cancelRequested\": true}}");
                        case "arrive" -> fact(job, id, "{\"type\": \"PackageArrived\", \"driveIds\": [\"9CA995BB\"]}");
                        case "start" ->
                            fact(job, id, "{\"type\": \"DriveTransferStarted\", \"driveId\": \"9CA995BB\"}");
                        case "finish" ->
                            fact(
                                    job,
                                    id,
                                    "{\"type\": \"DriveTransferFinished\", \"driveId\": \"9CA995BB\", \"errorCount\": 0, \"warningCount\": 0}");
                        case "shipBack" ->
                            fact(
                                    job,
                                    id,
                                    "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"FedEx\", \"trackingNumber\": \"777000111\"}");
                        case "fault" ->
                            fact(
                                    job,
                                    id,
                                    "{\"type\": \"Fault\", \"driveId\": \"9CA995BB\", \"reason\": \"no answer\"}");
                        case "resolve" -> fact(job, id, "{\"type\": \"FaultResolved\", \"driveId\": \"9CA995BB\"}");
                        case "invalidAddress" -> fact(job, id, "{\"type\": \"ReturnAddressInvalid\"}");
                        default ->
                            fact(job, id, "{\"type\": \"CustomerResponded\", \"response\": \"AddressCorrected\"}");
                    });
        }
    }

    static void completeSome(Store store, Random r, Instant at) {
        for (ActionRecord a : store.actions(ActionRecord.OPEN)) {
            if (r.nextInt(3) == 0) {
                store.completeAction(a.id(), at, "otto");
            }
        }
    }

    /** Everything a client can ask of the store, keyed by what was asked. */
    static Map<String, Object> answers(Store store) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (int i = 0; i < JOBS; i++) {
            String job = jobId("s" + (i % 7), "job" + i);
            out.put("job " + job, JSON.writeValueAsString(store.find(job).orElse(null)));
            out.put("history " + job, store.history(job).toString());
            out.put("decisions " + job, JSON.writeValueAsString(store.opsReads().decisions(job)));
            Decision first = store.decided(job, "c" + i).orElse(null);
            out.put("decided " + job, first == null ? null : JSON.writeValueAsString(first));
        }
        for (int s = 0; s < 7; s++) {
            out.put("list s" + s, JSON.writeValueAsString(store.list("s" + s, "rg", null, null, JOBS)));
        }
        out.put("actions", store.actions(null).toString());
        out.put("open actions", store.actions(ActionRecord.OPEN).toString());
        out.put("next due", String.valueOf(store.nextDue(Instant.MAX)));
        out.put("due jobs", store.dueJobs(T0.plus(Duration.ofDays(3650)), JOBS).toString());
        out.put("activations", store.activations().activations(100).toString());
        out.put("newest activation", store.activations().newestSequence());
        return out;
    }

    static List<String> describe(List<Decision> fired) {
        List<String> out = new ArrayList<>();
        for (Decision d : fired) {
            out.add(d.jobId() + " " + ((TimerFired) d.fact()).getName() + "@" + d.at() + " "
                    + (d.job() == null ? "deleted" : d.job().getState()));
        }
        return out;
    }
}

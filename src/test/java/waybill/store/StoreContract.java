package waybill.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.fact.Fact;
import waybill.fact.TimerFired;
import waybill.job.DeadlineName;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.Trigger;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * The store contract, written once: every {@link Store} keeps it, the memory store, the embedded store
 * (single writer), the embedded server used as a shared MongoDB, and a real MongoDB. A subclass says how
 * to open a fresh, empty store and how to dispose of it.
 */
public abstract class StoreContract {
    protected static final String JOB = jobId("s1", "j1");

    protected Store store;
    protected ManualClock clock;
    protected Processor processor;

    /** A store holding nothing yet. */
    protected abstract Store open() throws Exception;

    /** Closes the store and removes what it kept. */
    protected void dispose(Store opened) throws Exception {
        opened.close();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = open();
        clock = new ManualClock(T0);
        var rules = rules();
        processor = new Processor(() -> rules, store, clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        dispose(store);
    }

    @Test
    void aCommittedJobIsFoundVersionedAndKeptWhole() throws Exception {
        Decision d = processor.submit(create(JOB, "c1"));
        assertTrue(d.accepted(), () -> d.rejections().toString());
        Job job = store.find(JOB).orElseThrow();
        assertEquals(1, job.getVersion());
        assertEquals(JobState.Creating, job.getState());
        assertEquals(EMAIL, job.getReturnAddress().getEmail());
        assertEquals(KEY, job.getDrives().get(0).getBitLockerKey());
        assertTrue(store.find(jobId("s1", "nope")).isEmpty());
        assertTrue(store.healthy());
    }

    @Test
    void aDecisionOnAnOlderVersionIsStaleAndWritesNothing() throws Exception {
        processor.submit(create(JOB, "c1"));
        Job v1 = store.find(JOB).orElseThrow();
        Decision a = Engine.decide(rules(), v1, update(JOB, "a", "{\"tags\": {\"k\": \"a\"}}"), T0);
        Decision b = Engine.decide(rules(), v1, update(JOB, "b", "{\"tags\": {\"k\": \"b\"}}"), T0);
        assertTrue(a.accepted() && b.accepted());
        store.commit(a);
        assertThrows(StaleJobException.class, () -> store.commit(b));
        Job now = store.find(JOB).orElseThrow();
        assertEquals(2, now.getVersion());
        assertEquals("a", now.getTags().get("k"));
        assertTrue(store.decided(JOB, "b").isEmpty());
        assertEquals(List.of("c1", "a"), factIds(store.history(JOB)));
    }

    @Test
    void aChainOfOneJobsDecisionsIsWrittenInOrderUpToItsFirstStaleOne() throws Exception {
        processor.submit(create(JOB, "c1"));
        processor.submit(update(JOB, "done", tags("0")));
        Decision a = Engine.decide(rules(), store.find(JOB).orElseThrow(), update(JOB, "a", tags("a")), T0);
        Decision b = Engine.decide(rules(), a.job(), update(JOB, "b", tags("b")), T0);
        Decision again = Engine.decide(rules(), b.job(), update(JOB, "done", tags("x")), T0); // decided before
        Decision c = Engine.decide(rules(), again.job(), update(JOB, "c", tags("c")), T0);
        List<JobStore.Written> written = store.write(List.of(a, b, again, c));
        assertEquals(2, written.size(), "written up to the decision whose factId was decided");
        written.forEach(JobStore.Written::awaitDurable);
        Job now = store.find(JOB).orElseThrow();
        assertEquals(4, now.getVersion());
        assertEquals("b", now.getTags().get("k"));
        assertTrue(store.decided(JOB, "c").isEmpty(), "nothing after the stale one");
        assertEquals(List.of("c1", "done", "a", "b"), factIds(store.history(JOB)));
        Decision d = Engine.decide(rules(), now, update(JOB, "d", tags("d")), T0);
        Decision e = Engine.decide(rules(), d.job(), update(JOB, "e", tags("e")), T0);
        store.write(List.of(d, e)).forEach(JobStore.Written::awaitDurable);
        assertEquals(6, store.find(JOB).orElseThrow().getVersion());
        assertEquals("e", store.find(JOB).orElseThrow().getTags().get("k"));
        assertEquals(6, store.decided(JOB, "e").orElseThrow().job().getVersion());
        assertEquals(List.of("c1", "done", "a", "b", "d", "e"), factIds(store.history(JOB)));
    }

    private static String tags(String k) {
        return "{\"tags\": {\"k\": \"" + k + "\"}}";
    }

    @Test
    void aJobDecidedAsNewWhileItExistsIsStale() throws Exception {
        processor.submit(create(JOB, "c1"));
        Decision again = Engine.decide(rules(), null, create(JOB, "c2"), T0);
        assertTrue(again.accepted(), () -> again.rejections().toString());
        assertThrows(StaleJobException.class, () -> store.commit(again));
        assertEquals(1, store.find(JOB).orElseThrow().getVersion());
    }

    @Test
    void aFactIdIsDecidedOnceAndAnswersTheFirstDecision() throws Exception {
        Decision first = processor.submit(create(JOB, "c1"));
        Decision again = processor.submit(create(JOB, "c1"));
        assertEquals(first.rulesRevision(), again.rulesRevision());
        assertEquals(first.transitions(), again.transitions());
        assertEquals(1, again.job().getVersion());
        assertEquals(1, store.find(JOB).orElseThrow().getVersion());
        assertEquals(1, store.history(JOB).size());
        assertTrue(store.decided(JOB, "c1").orElseThrow().accepted());
        assertTrue(store.decided(JOB, null).isEmpty());
        // committed directly, a decision of a factId already decided is refused at the commit
        Job v1 = store.find(JOB).orElseThrow();
        Decision repeat = Engine.decide(rules(), v1, update(JOB, "c1", "{\"tags\": {\"k\": \"v\"}}"), T0);
        assertThrows(StaleJobException.class, () -> store.commit(repeat));
        assertEquals(1, store.find(JOB).orElseThrow().getVersion());
    }

    @Test
    void aFactIdIsUniquePerJobSoTwoJobsMayCarryTheSameOne() throws Exception {
        String other = jobId("s1", "j2");
        Decision a = processor.submit(create(JOB, "same"));
        Decision b = processor.submit(create(other, "same"));
        assertTrue(a.accepted() && b.accepted(), "the same factId on another job is another fact");
        assertEquals(1, store.find(other).orElseThrow().getVersion());
        assertEquals(JOB, store.decided(JOB, "same").orElseThrow().jobId());
        assertEquals(other, store.decided(other, "same").orElseThrow().jobId());
        assertTrue(store.decided(jobId("s1", "j3"), "same").isEmpty());
        Decision again = processor.submit(update(other, "same", "{\"tags\": {\"k\": \"v\"}}"));
        assertEquals(1, again.job().getVersion(), "on its own job a factId still answers its first decision");
        assertEquals(1, store.find(other).orElseThrow().getVersion());
    }

    @Test
    void sixteenWritersWithOneFactIdApplyItOnceAndDistinctFactsLoseNoUpdate() throws Exception {
        processor.submit(create(JOB, "c1"));
        List<Decision> same = race(16, i -> processor.submit(update(JOB, "same", "{\"tags\": {\"k\": \"v\"}}")));
        assertEquals(2, store.find(JOB).orElseThrow().getVersion(), "the same factId applied once");
        for (Decision d : same) {
            assertTrue(d.accepted());
            assertEquals(2, d.job().getVersion(), "every racer answers the first decision");
        }
        race(16, i -> processor.submit(update(JOB, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}")));
        assertEquals(18, store.find(JOB).orElseThrow().getVersion(), "16 distinct facts, none lost");
        assertEquals(18, store.history(JOB).size());
    }

    @Test
    void aRefusedDecisionIsKeptOnlyWithAFactIdAndChangesNoJob() throws Exception {
        processor.submit(create(JOB, "c1"));
        Decision refused = processor.submit(update(JOB, "r1", "{\"properties\": {\"state\": \"Completed\"}}"));
        assertFalse(refused.accepted(), "the test needs a fact the rules refuse");
        Decision anonymous = processor.submit(update(JOB, null, "{\"properties\": {\"state\": \"Completed\"}}"));
        assertFalse(anonymous.accepted());
        assertEquals(1, store.find(JOB).orElseThrow().getVersion());
        assertFalse(store.decided(JOB, "r1").orElseThrow().accepted());
        Decision repeated = processor.submit(update(JOB, "r1", "{\"tags\": {\"k\": \"v\"}}"));
        assertFalse(repeated.accepted(), "a factId answers its first decision, a refusal too");
        List<HistoryEntry> h = store.history(JOB);
        assertEquals(List.of("c1", "r1"), factIds(h), "the refusal without a factId is not kept, nor a repeat");
        assertTrue(h.get(0).accepted());
        assertFalse(h.get(1).accepted());
        assertEquals("Creating", h.get(1).stateBefore());
        assertEquals("Creating", h.get(1).stateAfter());
        assertEquals(
                List.of("CreateJob", "UpdateJob"),
                store.openJobFacts().get(JOB).stream().map(Fact::getType).toList());
    }

    @Test
    void theHistoryIsOldestFirstAndShowsNoPersonalData() throws Exception {
        processor.submit(create(JOB, "c1"));
        processor.submit(update(JOB, "u1", "{\"tags\": {\"k\": \"1\"}}"));
        processor.submit(update(JOB, "u2", "{\"properties\": {\"state\": \"Shipping\"}}"));
        List<HistoryEntry> h = store.history(JOB);
        assertEquals(List.of("c1", "u1", "u2"), factIds(h));
        for (int i = 1; i < h.size(); i++) {
            assertTrue(h.get(i - 1).sequence() < h.get(i).sequence(), "oldest first");
        }
        assertEquals("Creating", h.get(2).stateBefore());
        assertEquals("Shipping", h.get(2).stateAfter());
        String shown = JSON.writeValueAsString(h);
        for (String secret : List.of(KEY, EMAIL, PHONE, TRACKING_IN, ACCOUNT)) {
            assertFalse(shown.contains(secret), "the history shows " + secret);
        }
        assertTrue(store.history(jobId("s1", "nope")).isEmpty());
    }

    @Test
    void timersComeDueEarliestFirstAndFollowEveryUpdate() throws Exception {
        String late = jobId("s1", "late");
        String early = jobId("s1", "early");
        processor.submit(create(late, "late"));
        clock.set(T0.minus(Duration.ofDays(1)));
        processor.submit(create(early, "early"));
        clock.set(T0);
        assertTrue(store.nextDue(T0).isEmpty());
        Instant month = T0.plus(Duration.ofDays(30));
        Due first = store.nextDue(month).orElseThrow();
        assertEquals(early, first.jobId());
        assertEquals(DeadlineName.CreatingExpiry, first.name());
        assertEquals(earliest(month, early, late), Optional.of(first));
        // the early job's timer moves with its state: the store answers the deadline the job has now
        assertTrue(processor
                .submit(update(early, "ship", "{\"properties\": {\"state\": \"Shipping\"}}"))
                .accepted());
        assertEquals(earliest(month, early, late), store.nextDue(month));
        Instant decade = T0.plus(Duration.ofDays(3650));
        assertEquals(earliest(decade, early, late), store.nextDue(decade));
        List<Decision> fired = processor.fireDue(month);
        assertFalse(fired.isEmpty());
        assertEquals(earliest(month, early, late), store.nextDue(month), "what fired is no longer due");
        assertEquals(
                fired.size(),
                fired.stream()
                        .map(d -> d.jobId() + " " + ((TimerFired) d.fact()).getName() + "@"
                                + ((TimerFired) d.fact()).getAt())
                        .distinct()
                        .count(),
                "each deadline fires once");
    }

    /** The earliest deadline of these jobs, as find() answers them, at or before {@code until}. */
    private Optional<Due> earliest(Instant until, String... jobIds) {
        return java.util.Arrays.stream(jobIds)
                .map(id -> store.find(id).flatMap(Job::nextDeadline).map(d -> new Due(id, d.getName(), d.getAt())))
                .flatMap(Optional::stream)
                .filter(d -> !d.at().isAfter(until))
                .min(Comparator.comparing(Due::at).thenComparing(Due::jobId));
    }

    @Test
    void jobsAreListedByIdInPagesBySubscriptionResourceGroupAndState() throws Exception {
        for (String n : List.of("e", "b", "d", "a", "c")) {
            processor.submit(create(jobId("s1", n), null));
        }
        processor.submit(create(jobId("s2", "z"), null));
        String otherGroup = "/subscriptions/s1/resourceGroups/rg2/providers/Microsoft.ImportExport/jobs/f";
        processor.submit(create(otherGroup, null));
        processor.submit(update(jobId("s1", "d"), null, "{\"properties\": {\"state\": \"Shipping\"}}"));
        assertEquals(List.of("a", "b"), names(store.list("s1", "rg", null, null, 2)));
        assertEquals(List.of("c", "d"), names(store.list("s1", "rg", null, jobId("s1", "b"), 2)));
        assertEquals(List.of("e"), names(store.list("s1", "rg", null, jobId("s1", "d"), 2)));
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), names(store.list("s1", null, null, null, 100)));
        assertEquals(List.of("f"), names(store.list("s1", "rg2", null, null, 100)));
        assertEquals(List.of("a", "b", "c", "e", "f"), names(store.list("s1", null, "Creating", null, 100)));
        assertEquals(List.of("d"), names(store.list("s1", "rg", "Shipping", null, 100)));
        assertEquals(List.of("z"), names(store.list("s2", null, null, null, 100)));
        assertTrue(store.list("s3", null, null, null, 100).isEmpty());
        assertEquals(2, store.list("s1", "rg", "Shipping", null, 100).get(0).getVersion());
    }

    @Test
    void actionsAreQueuedCompletedOnceAndAnsweredAsTheyAre() throws Exception {
        processor.submit(create(JOB, "c1"));
        Decision f = processor.submit(fact(JOB, "f1", "{\"type\": \"Fault\", \"reason\": \"stuck\"}"));
        assertTrue(f.accepted(), () -> f.rejections().toString());
        List<ActionRecord> open = store.actions(ActionRecord.OPEN);
        assertEquals(1, open.size());
        ActionRecord a = open.get(0);
        assertEquals("ContactCustomer", a.type());
        assertEquals(JOB, a.jobId());
        assertEquals("f1", a.factId());
        Instant at = T0.plusSeconds(60);
        ActionRecord done = store.completeAction(a.id(), at, "otto").orElseThrow();
        assertEquals(ActionRecord.DONE, done.status());
        assertEquals("otto", done.completedBy());
        assertEquals("otto", store.actions(ActionRecord.DONE).get(0).completedBy(), "who completed it is kept");
        assertEquals(at, done.completedAt());
        assertTrue(store.actions(ActionRecord.OPEN).isEmpty());
        assertEquals(
                List.of(a.id()),
                store.actions(ActionRecord.DONE).stream().map(ActionRecord::id).toList());
        assertEquals(1, store.actions(null).size());
        ActionRecord twice =
                store.completeAction(a.id(), at.plusSeconds(60), null).orElseThrow();
        assertEquals(at, twice.completedAt(), "completing twice answers the action as it is");
        assertTrue(store.completeAction("no-such-action", T0, null).isEmpty());
    }

    @Test
    void everyJobAndEachJobsDecisionsAreAnsweredForTheOperatorsViews() throws Exception {
        String other = jobId("s2", "other");
        processor.submit(create(JOB, "c1"));
        processor.submit(create(other, "c2"));
        Decision f = processor.submit(fact(JOB, "f1", "{\"type\": \"Fault\", \"reason\": \"stuck\"}"));
        assertTrue(f.accepted(), () -> f.rejections().toString());
        List<String> ids = new java.util.ArrayList<>();
        store.opsReads().forEachJob(j -> ids.add(j.getId()));
        assertEquals(java.util.stream.Stream.of(JOB, other).sorted().toList(), ids);
        List<Decision> decisions = store.opsReads().decisions(JOB);
        assertEquals(2, decisions.size());
        assertEquals("Creating", decisions.get(0).job().getState().name());
        assertEquals("Faulted", decisions.get(1).job().getState().name());
        assertTrue(store.opsReads().decisions(jobId("s1", "none")).isEmpty());
    }

    @Test
    void aDeletedJobLeavesATombstoneNoPersonalDataAndMayBeCreatedAgain() throws Exception {
        lifecycleToCompleted(processor, clock);
        assertTrue(
                JSON.writeValueAsString(store.find(JOB).orElseThrow()).contains(KEY),
                "the test would prove nothing if the data were never kept");
        assertTrue(store.openJobFacts().containsKey(JOB));
        processor.fireDue(clock.instant().plus(Duration.ofDays(91)));
        assertTrue(store.find(JOB).isEmpty());
        assertTrue(store.list("s1", null, null, null, 10).isEmpty());
        assertFalse(store.openJobFacts().containsKey(JOB));
        List<String> listed = new java.util.ArrayList<>();
        store.opsReads().forEachJob(j -> listed.add(j.getId()));
        assertFalse(listed.contains(JOB), "the operators' views skip a deleted job: " + listed);
        List<HistoryEntry> h = store.history(JOB);
        assertTrue(h.get(h.size() - 1).deleted());
        assertTrue(store.decided(JOB, "c1").isPresent(), "idempotency survives the erasure");
        String kept = JSON.writeValueAsString(h) + JSON.writeValueAsString(store.actions(null));
        for (String secret : List.of(KEY, EMAIL, PHONE, TRACKING_IN, TRACKING_BACK, ACCOUNT, "Street1")) {
            assertFalse(kept.contains(secret), "found " + secret);
        }
        int before = h.size();
        Decision again = processor.submit(create(JOB, "c2"));
        assertTrue(again.accepted(), () -> again.rejections().toString());
        Job reborn = store.find(JOB).orElseThrow();
        assertEquals(JobState.Creating, reborn.getState());
        assertEquals(before + 1, reborn.getVersion(), "the tombstone keeps counting versions");
        assertEquals(before + 1, store.history(JOB).size());
        assertEquals(
                List.of("CreateJob"),
                store.openJobFacts().get(JOB).stream()
                        .map(Fact::getType)
                        .toList()
                        .subList(0, 1));
    }

    /** Creates {@link #JOB} and takes it to Completed, its personal data in every step. */
    public static void lifecycleToCompleted(Processor p, ManualClock clock) throws Exception {
        assertTrue(p.submit(create(JOB, "c1")).accepted());
        assertTrue(p.submit(update(JOB, "u1", "{\"properties\": {\"state\": \"Shipping\"}}"))
                .accepted());
        clock.advance(Duration.ofDays(3));
        assertTrue(p.submit(fact(
                        JOB,
                        "p1",
                        "{\"type\": \"PackageArrived\", \"driveIds\": [\"9CA995BB\"], "
                                + "\"carrierName\": \"FedEx\", \"trackingNumber\": \"" + TRACKING_IN + "\"}"))
                .accepted());
        assertTrue(p.submit(fact(JOB, "t1", "{\"type\": \"DriveTransferStarted\", \"driveId\": \"9CA995BB\"}"))
                .accepted());
        assertTrue(p.submit(fact(
                        JOB,
                        "t2",
                        "{\"type\": \"DriveTransferFinished\", \"driveId\": \"9CA995BB\", "
                                + "\"errorCount\": 0, \"warningCount\": 0}"))
                .accepted());
        Decision back = p.submit(fact(
                JOB,
                "b1",
                "{\"type\": \"DrivesShippedBack\", \"carrierName\": \"FedEx\", " + "\"trackingNumber\": \""
                        + TRACKING_BACK + "\"}"));
        assertEquals(JobState.Completed, back.job().getState());
    }

    @Test
    void activationsAreKeptInOrderAndTheNewestAnswered() {
        Activation a = new Activation("r1", T0, Trigger.START, false, null, List.of(), 10, 5, 100, "node-a", null);
        Activation b = new Activation("r2", T0, Trigger.API, false, "r1", List.of(), 11, 5, 90, "node-b", "ops-bob");
        Activation c =
                new Activation("r3", T0.plusSeconds(1), Trigger.WATCH, true, "r2", List.of(), 12, 0, 80, null, null);
        assertTrue(store.activations().activations(10).isEmpty());
        for (Activation x : List.of(a, b, c)) {
            store.activations().recordActivation(x);
        }
        assertEquals(List.of("r1", "r2", "r3"), revisions(store.activations().activations(10)));
        assertEquals(List.of("r2", "r3"), revisions(store.activations().activations(2)), "the newest, oldest first");
        assertEquals(c, store.activations().activations(1).get(0));
    }

    @Test
    void aFinishedRetimeIsRecordedForItsActivationAlone() {
        Activation a = new Activation("r1", T0, Trigger.START, false, null, List.of(), 10, 5, 100, "node-a", null);
        Activation b = new Activation(
                "r2", T0.plusSeconds(1), Trigger.API, false, "r1", List.of(), 11, 5, 90, "node-a", "ada", true);
        store.activations().recordActivation(a);
        store.activations().recordActivation(b);
        assertFalse(store.activations().retimeFinished("r2", b.activatedAt()));
        store.activations().recordRetimeFinished("r2", b.activatedAt());
        assertTrue(store.activations().retimeFinished("r2", b.activatedAt()));
        assertFalse(store.activations().retimeFinished("r2", T0), "another activation of the same revision");
        assertFalse(store.activations().retimeFinished("r1", T0));
        assertEquals(b, store.activations().activations(1).get(0), "the activation itself is unchanged");
    }

    private static List<String> revisions(List<Activation> activations) {
        return activations.stream().map(Activation::revision).toList();
    }

    private static List<String> factIds(List<HistoryEntry> h) {
        return h.stream().map(HistoryEntry::factId).map(Objects::toString).toList();
    }

    private static List<String> names(List<Job> jobs) {
        return jobs.stream().map(Job::getName).toList();
    }

    public interface Call {
        Decision run(int i) throws Exception;
    }

    /** Runs {@code n} calls at once, released together. */
    public static List<Decision> race(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> {
                    go.await();
                    return call.run(k);
                }));
            }
            go.countDown();
            List<Decision> out = new ArrayList<>();
            for (Future<Decision> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

package waybill.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.store.HistoryEntry;
import waybill.store.JobStore;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.Due;
import waybill.timers.ManualClock;

/**
 * Facts waiting for one job's turn: the holder decides them in the order they came, each on the job the one
 * before left, and writes them to the embedded store as one chain. A fact whose factId was decided before,
 * and one the rules refuse, are settled on their own, and the facts after them go on.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TurnTest {
    private static final String JOB = jobId("s1", "turn");

    @Test
    void waitingFactsAreDecidedInOrderAndWrittenAsOneChain(@TempDir Path dir) throws Exception {
        Rulebook rules = rules();
        try (Store embedded = StoreFactory.embedded(dir)) {
            Held store = new Held(embedded);
            Processor p = new Processor(() -> rules, store, new ManualClock(T0));
            p.submit(create(JOB, "c1"));
            p.submit(update(JOB, "first", "{\"tags\": {\"k\": \"first\"}}"));

            List<Fact> waiting = new ArrayList<>();
            for (int i = 0; i < 13; i++) {
                waiting.add(update(JOB, "u" + i, "{\"tags\": {\"k\": \"" + i + "\"}}"));
            }
            waiting.add(update(JOB, "first", "{\"tags\": {\"k\": \"again\"}}")); // decided before
            waiting.add(update(JOB, "refused", "{\"properties\": {\"state\": \"Completed\"}}")); // the rules refuse it
            CountDownLatch release = new CountDownLatch(1);
            store.hold = release;
            List<Decision> answers = Collections.synchronizedList(new ArrayList<>());
            Thread holder = new Thread(() -> answers.add(p.submit(uncheckedUpdate("holder"))));
            holder.start();
            store.writing.await(); // the holder writes, in its turn, held there
            List<Thread> queued = new ArrayList<>();
            for (Fact f : waiting) {
                Thread t = new Thread(() -> answers.add(p.submit(f)));
                t.start();
                queued.add(t);
                awaitWaiting(t);
            }
            release.countDown();
            holder.join();
            for (Thread t : queued) {
                t.join();
            }

            assertEquals(16, answers.size());
            assertTrue(
                    store.chains.contains(14),
                    "the 13 new facts and the repeated one in one chain, up to the refused one: " + store.chains);
            Decision again = answers.stream()
                    .filter(d -> "first".equals(d.factId()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(2, again.job().getVersion(), "a factId decided before answers its first decision");
            assertFalse(answers.stream()
                    .filter(d -> "refused".equals(d.factId()))
                    .findFirst()
                    .orElseThrow()
                    .accepted());
            Job job = embedded.find(JOB).orElseThrow();
            assertEquals(16, job.getVersion(), "created, two facts, the holder's and the 13 new ones: none lost");
            assertEquals("12", job.getTags().get("k"), "decided in the order they came: the last one's tag");
            List<String> order = new ArrayList<>(List.of("c1", "first", "holder"));
            for (int i = 0; i < 13; i++) {
                order.add("u" + i);
            }
            assertEquals(
                    order,
                    embedded.history(JOB).stream()
                            .filter(HistoryEntry::accepted)
                            .map(HistoryEntry::factId)
                            .toList());
            assertEquals(
                    LongStream.rangeClosed(3, 16).boxed().toList(),
                    answers.stream()
                            .filter(d -> d.accepted() && !"first".equals(d.factId()))
                            .map(d -> d.job().getVersion())
                            .sorted()
                            .toList(),
                    "each accepted fact answered with its own version");
        }
    }

    private static Fact uncheckedUpdate(String factId) {
        try {
            return update(JOB, factId, "{\"tags\": {\"k\": \"holder\"}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1); // a condition polled: the fact waits for the turn
        }
    }

    /** The store, its next write held until released once {@link #hold} is set; chain sizes noted. */
    private static final class Held implements JobStore {
        private final Store store;
        final List<Integer> chains = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch writing = new CountDownLatch(1);
        volatile CountDownLatch hold;

        Held(Store store) {
            this.store = store;
        }

        private void held() {
            CountDownLatch h = hold;
            if (h != null) {
                hold = null;
                writing.countDown();
                try {
                    h.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public Written write(Decision decision) throws StaleJobException {
            held();
            return store.write(decision);
        }

        @Override
        public List<Written> write(List<Decision> chain) {
            held();
            chains.add(chain.size());
            return store.write(chain);
        }

        @Override
        public void commit(Decision decision) throws StaleJobException {
            store.commit(decision);
        }

        @Override
        public Optional<Job> find(String jobId) {
            return store.find(jobId);
        }

        @Override
        public Optional<Decision> decided(String jobId, String factId) {
            return store.decided(jobId, factId);
        }

        @Override
        public void refused(Decision decision) {
            store.refused(decision);
        }

        @Override
        public Optional<Due> nextDue(Instant until) {
            return store.nextDue(until);
        }
    }
}

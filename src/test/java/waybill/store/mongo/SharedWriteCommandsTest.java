package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.store.Store;
import waybill.timers.ManualClock;

/**
 * On a shared MongoDB every command is a network round trip and every write waits for a majority: an
 * accepted fact costs the decision insert (the commit point) and one read, counted with the driver's
 * {@link CommandListener} against the embedded server used as a shared store ({@code waybill mongo-server}).
 * The jobs' snapshots follow behind, coalesced, on the snapshot writer's thread.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SharedWriteCommandsTest {
    private static final int JOBS = 8;
    private static final int FACTS = 80;

    @Test
    void anAcceptedFactCostsAtMostTwoCommandsOnTheDecidingThread(@TempDir Path dir) throws Exception {
        Counter counter = new Counter();
        try (EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0));
                Store store = StoreFactory.shared(
                        server.connectionString(), "waybill", counter, System::nanoTime, () -> {})) {
            Rulebook rulebook = rules();
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            List<String> jobs = IntStream.range(0, JOBS)
                    .mapToObj(i -> jobId("s1", "counted-" + i))
                    .toList();
            for (String job : jobs) {
                p.submit(create(job, "c"));
            }
            counter.reset();
            String me = Thread.currentThread().getName();
            for (int i = 0; i < FACTS; i++) {
                Decision d = p.submit(update(jobs.get(i % JOBS), "u" + i, "{\"tags\": {\"n\": \"" + i + "\"}}"));
                assertTrue(d.accepted(), "the update is accepted");
            }
            Map<String, Long> mine = counter.on(me);
            long commands = mine.values().stream().mapToLong(Long::longValue).sum();
            assertEquals((long) FACTS, mine.getOrDefault("insert", 0L), "one decision insert per fact: " + mine);
            assertTrue(
                    commands <= 2L * FACTS,
                    commands + " commands for " + FACTS + " facts on the deciding thread: " + mine);
            long background = counter.total() - commands;
            System.out.printf(
                    "shared store: %d facts, %d commands on the deciding thread %s, %d in the background %s%n",
                    FACTS, commands, mine, background, counter.all());
            assertTrue(
                    background <= FACTS,
                    "the snapshots written behind cost at most one command per fact, coalesced: " + background + " "
                            + counter.all());
            // the snapshots do reach the collection: a job list (which reads it) shows every update
            for (int j = 0; j < JOBS; j++) {
                String job = jobs.get(j);
                int last = FACTS - JOBS + j;
                assertEquals(
                        "" + last,
                        store.list("s1", "rg", null, null, 100).stream()
                                .filter(x -> x.getId().equals(job))
                                .findFirst()
                                .orElseThrow()
                                .getTags()
                                .get("n"));
            }
        }
    }

    @Test
    void aDecisionThatChangesWhatListsAndTimersQueryIsInTheCollectionForEveryInstanceAtOnce(@TempDir Path dir)
            throws Exception {
        try (EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0));
                Store one = StoreFactory.shared(server.connectionString(), "waybill");
                Store other = StoreFactory.shared(server.connectionString(), "waybill")) {
            Rulebook rulebook = rules();
            Processor p = new Processor(() -> rulebook, one, new ManualClock(T0));
            String job = jobId("s1", "shipped");
            p.submit(create(job, "c"));
            assertEquals(List.of(job), ids(other.list("s1", "rg", "Creating", null, 100)), "listed at once");

            p.submit(update(job, "ship", "{\"properties\": {\"state\": \"Shipping\"}}"));
            // the other instance has nothing pending: what it reads is what the first one wrote before answering
            assertEquals(List.of(job), ids(other.list("s1", "rg", "Shipping", null, 100)));
            assertEquals(List.of(), ids(other.list("s1", "rg", "Creating", null, 100)));
            assertEquals(
                    job,
                    other.nextDue(T0.plus(java.time.Duration.ofDays(365)))
                            .orElseThrow()
                            .jobId(),
                    "the Shipping deadline is found by the other instance's sweep");
        }
    }

    /**
     * Picking due jobs reads each candidate as any read does; the snapshots of candidates this instance does
     * not hold are read in one query for the batch, not one each (a sweep over a million jobs reads most
     * candidates from the collection).
     */
    @Test
    void dueJobsReadTheSnapshotsOfABatchInOneQuery(@TempDir Path dir) throws Exception {
        int jobs = 40;
        try (EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0))) {
            try (Store one = StoreFactory.shared(server.connectionString(), "waybill")) {
                Rulebook rulebook = rules();
                Processor p = new Processor(() -> rulebook, one, new ManualClock(T0));
                for (int i = 0; i < jobs; i++) {
                    String job = jobId("s1", "due-" + i);
                    p.submit(create(job, "c"));
                    p.submit(update(job, "ship", "{\"properties\": {\"state\": \"Shipping\"}}"));
                }
            }
            Map<String, LongAdder> jobFinds = new ConcurrentHashMap<>();
            CommandListener onJobs = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommandName().equals("find")
                            && "jobs"
                                    .equals(event.getCommand().getString("find").getValue())) {
                        jobFinds.computeIfAbsent("find", k -> new LongAdder()).increment();
                    }
                }
            };
            try (Store other =
                    StoreFactory.shared(server.connectionString(), "waybill", onJobs, System::nanoTime, () -> {})) {
                ((MongoStore) other).awaitWarm();
                jobFinds.clear();
                List<String> due = other.dueJobs(T0.plus(java.time.Duration.ofDays(365)), 256);
                assertEquals(jobs, due.size(), "every Shipping job's deadline is due within a year");
                long finds = jobFinds.getOrDefault("find", new LongAdder()).sum();
                // the due query, and the snapshots in one query (a job read one by one made it 41)
                assertEquals(2, finds, "finds on jobs to pick " + jobs + " due jobs");
            }
        }
    }

    private static List<String> ids(List<waybill.job.Job> jobs) {
        return jobs.stream().map(waybill.job.Job::getId).toList();
    }

    /** Commands started, by thread and command name. */
    static final class Counter implements CommandListener {
        private final Map<String, Map<String, LongAdder>> byThread = new ConcurrentHashMap<>();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            byThread.computeIfAbsent(Thread.currentThread().getName(), t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(event.getCommandName(), c -> new LongAdder())
                    .increment();
        }

        void reset() {
            byThread.clear();
        }

        Map<String, Long> on(String thread) {
            Map<String, Long> out = new TreeMap<>();
            byThread.getOrDefault(thread, Map.of()).forEach((c, n) -> out.put(c, n.sum()));
            return out;
        }

        Map<String, Map<String, Long>> all() {
            Map<String, Map<String, Long>> out = new TreeMap<>();
            byThread.keySet().forEach(t -> out.put(t, on(t)));
            return out;
        }

        long total() {
            return byThread.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToLong(LongAdder::sum)
                    .sum();
        }
    }
}

package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.ClaimedSweep;
import waybill.decision.Decisions;
import waybill.decision.Metrics;
import waybill.decision.Processor;
import waybill.store.DueClaims;
import waybill.store.HistoryEntry;
import waybill.store.Store;
import waybill.timers.ManualClock;

/**
 * Two instances on one database split the due timers by leases: a claim takes only jobs no one else
 * holds, the claims of an instance that dies unreleased are taken over once they expire, and sweeping
 * fires each due timer once.
 */
class TimerLeasesTest {
    @TempDir
    Path dir;

    @Test
    void claimsAreDisjointExpiredOnesAreTakenOverAndEachDueTimerFiresOnce() throws Exception {
        EmbeddedMongo server = EmbeddedMongo.standalone(dir, new InetSocketAddress("127.0.0.1", 0));
        try (Store a = StoreFactory.shared(server.connectionString(), "leases");
                Store b = StoreFactory.shared(server.connectionString(), "leases")) {
            ManualClock clock = new ManualClock(T0);
            Processor p = new Processor(() -> rulesOrFail(), a, clock);
            int jobs = 40;
            for (int i = 0; i < jobs; i++) {
                assertTrue(p.submit(create(jobId("s1", "j" + i), "c" + i)).accepted());
            }
            Instant due = T0.plus(Duration.ofDays(15)); // every job's two-week creating expiry has passed
            DueClaims leasesA = a.dueClaims().orElseThrow();
            DueClaims leasesB = b.dueClaims().orElseThrow();

            List<DueClaims.Claim> held = leasesA.claim(due, 32, "a", ClaimedSweep.LEASE); // then "a" dies
            List<DueClaims.Claim> rest = leasesB.claim(due, 32, "b", ClaimedSweep.LEASE);
            assertEquals(32, held.size());
            assertEquals(jobs - 32, rest.size(), "b claims only what a does not hold");
            Set<String> both = new HashSet<>();
            held.forEach(c -> both.add(c.due().jobId()));
            rest.forEach(c -> both.add(c.due().jobId()));
            assertEquals(jobs, both.size(), "disjoint");
            rest.forEach(leasesB::release);
            assertEquals(
                    jobs - 32, leasesB.claim(due, 64, "b", ClaimedSweep.LEASE).size(), "released: free again");

            ManualClock at = new ManualClock(due);
            Decisions decisionsB = new Decisions(() -> rulesOrFail(), b, at, new Metrics(b, at), () -> "b");
            ClaimedSweep sweepB = new ClaimedSweep(leasesB, decisionsB, () -> "b");
            // b's own claims from the line above are still held by b: its sweep waits for them too
            assertEquals(0, sweepB.fire(due), "a's unexpired leases and b's own are not fired");
            Instant later = due.plus(ClaimedSweep.LEASE).plusSeconds(1);
            at.set(later);
            assertEquals(jobs, sweepB.fire(later), "every lease expired: b takes them over and fires each");
            assertEquals(0, sweepB.fire(later), "none is due any more");
            for (int i = 0; i < jobs; i++) {
                List<HistoryEntry> h = b.history(jobId("s1", "j" + i));
                assertEquals(
                        1,
                        h.stream()
                                .filter(e -> "TimerFired".equals(e.factType()))
                                .count(),
                        h.toString());
                assertEquals("b", h.get(h.size() - 1).decidedBy());
            }
        } finally {
            server.close();
        }
    }

    private static waybill.engine.Rulebook rulesOrFail() {
        try {
            return rules();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

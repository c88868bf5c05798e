package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.rulesops.RulesFollower;
import waybill.rulesops.RulesHolder;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.Trigger;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/**
 * Two instances on one activation log, each with its own rules folder: an edit activated on one is served
 * by the other at its next poll (polled here by hand: no timer, no sleep), named by the instance and
 * trigger that activated it, in one history; a published rulebook that does not compile on an instance
 * leaves it on its last good one, degraded, until a newer activation compiles.
 */
class RulesFollowerTest {
    @TempDir
    Path dir;

    @Test
    void anActivationOnOneInstanceIsFollowedByTheOtherAndABrokenOneLeavesItDegraded() throws Exception {
        ManualClock clock = new ManualClock(TestServer.START);
        ActivationLog log = new MemoryStore().activations();
        Path rulesA = TestServer.copyRules(dir.resolve("a"));
        Path rulesB = TestServer.copyRules(dir.resolve("b"));
        RulesHolder a = RulesHolder.load(rulesA, null, clock).named(() -> "node-a");
        RulesHolder b = RulesHolder.load(rulesB, null, clock).named(() -> "node-b");
        a.keepInShared(log);
        RulesFollower followA = new RulesFollower(a, log, clock);
        followA.join();
        b.keepInShared(log);
        RulesFollower followB = new RulesFollower(b, log, clock);
        followB.join();
        assertEquals(1, log.newestSequence(), "the first instance published its start; the second followed it");
        assertEquals("node-a", b.current().node());

        Path limits = rulesA.resolve("limits.drl");
        Files.writeString(limits, Files.readString(limits).replace("return \"P14D\"; }", "return \"P21D\"; }"));
        RulesHolder.Result r = a.reload(Trigger.WATCH, false);
        assertTrue(r.activated(), String.valueOf(r.failure()));
        assertNotEquals(a.get().revision(), b.get().revision());
        assertTrue(followB.poll(), "b follows the newest activation");
        assertEquals(a.get().revision(), b.get().revision());
        assertEquals("node-a", b.current().node(), "named by the instance that activated it");
        assertEquals(Trigger.WATCH, b.current().trigger());
        assertFalse(followB.poll(), "nothing new: no second compile");
        assertEquals(a.history(), b.history(), "one history for the cluster");
        assertEquals(2, b.history().size());

        String good = b.get().revision();
        Map<String, String> broken = new HashMap<>(a.activeFiles());
        broken.put("limits.drl", broken.get("limits.drl") + "\nrule \"half\" when then");
        log.publish(
                new Activation(
                        "broken",
                        clock.instant(),
                        Trigger.FORCED,
                        true,
                        good,
                        java.util.List.of(),
                        0,
                        0,
                        0,
                        "node-c",
                        null),
                broken);
        assertFalse(followB.poll());
        assertEquals(good, b.get().revision(), "the last good rulebook stays, whole");
        assertNotNull(b.followFailure());
        assertEquals("node-c", b.followFailure().node());
        assertFalse(b.followFailure().errors().isEmpty());
        assertFalse(followB.poll(), "the same broken activation is not compiled again");

        Files.writeString(limits, Files.readString(limits).replace("return \"P21D\"; }", "return \"P28D\"; }"));
        assertTrue(a.reload(Trigger.API, false).activated());
        assertTrue(followB.poll());
        assertEquals(a.get().revision(), b.get().revision());
        assertNull(b.followFailure(), "following again");

        String served = b.get().revision();
        log.recordActivation(new Activation(
                "old", clock.instant(), Trigger.API, false, served, java.util.List.of(), 0, 0, 0, "old-version", null));
        assertFalse(followB.poll(), "an activation kept without files (an earlier version) is nothing to follow");
        assertEquals(served, b.get().revision());
        assertNull(b.followFailure());
    }
}

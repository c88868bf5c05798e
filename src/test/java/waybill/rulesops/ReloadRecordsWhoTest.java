package waybill.rulesops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.Trigger;

/** A reload records the name of the key that asked for it (RulesRoutes passes the caller's key name). */
class ReloadRecordsWhoTest {
    @Test
    void anActivationNamesTheKeyThatAskedForIt(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (var files = Files.list(Path.of("rules"))) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
        RulesHolder holder = RulesHolder.load(rules, clock);
        Path limits = rules.resolve("limits.drl");
        Files.writeString(limits, Files.readString(limits) + "\n// a new revision, the same rules\n");
        RulesHolder.Result r = holder.reload(Trigger.FORCED, true, "ada");
        assertTrue(r.activated(), String.valueOf(r.failure()));
        assertEquals("ada", holder.current().activatedBy());
        List<Activation> history = holder.history();
        assertEquals("ada", history.get(history.size() - 1).activatedBy());
        assertNull(history.get(0).activatedBy(), "the start activation was asked for by no key");
    }
}

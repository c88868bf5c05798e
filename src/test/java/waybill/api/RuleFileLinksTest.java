package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;

/** GET /ops/rules/file serves files inside the rules folder only: a link there is not followed. */
class RuleFileLinksTest {
    static final String SECRET = "not-a-rule-but-a-secret-0001";

    @Test
    void aRuleFileReplacedByALinkIsNotFollowed(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            assertEquals(200, app.get("/ops/rules/file?name=limits.drl").status());
            Files.delete(rules.resolve("limits.drl"));
            Files.createSymbolicLink(rules.resolve("limits.drl"), secret);
            TestServer.Reply linked = app.get("/ops/rules/file?name=limits.drl");
            assertTrue(linked.status() >= 400 && linked.status() < 500, linked.status() + " " + linked.text());
            assertFalse(linked.text().contains(SECRET), linked.text());
        }
    }

    @Test
    void aFolderOnTheWayThatIsALinkIsNotFollowed(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("x.drl"), SECRET);
        Files.createSymbolicLink(rules.resolve("sub"), outside);
        IOException e = assertThrows(IOException.class, () -> RulesViewRoutes.readInside(rules, "sub/x.drl"));
        assertTrue(e.getMessage().contains("links are not followed"), e.getMessage());
        Files.writeString(rules.resolve("y.drl"), "rule");
        assertEquals("rule", RulesViewRoutes.readInside(rules, "y.drl"));
    }
}

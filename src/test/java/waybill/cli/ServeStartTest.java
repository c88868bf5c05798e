package waybill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import waybill.api.TestServer;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;

/**
 * {@code serve} compiles the rules on a thread of its own while the store opens; a rulebook that does not
 * compile still stops the start: nothing listens, the error names the file and line, and the store it
 * opened meanwhile is closed again.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ServeStartTest {
    @Test
    void aRulebookThatDoesNotCompileStopsTheStartWithItsFileAndLineAndNothingServed(@TempDir Path dir)
            throws Exception {
        Path rules = TestServer.copyRules(dir);
        Files.writeString(rules.resolve("broken.drl"), "package waybill.rules\n\nrule \"half a rule\"\n  when\n");
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new Main())
                    .execute("serve", "--rules", rules.toString(), "--data", data.toString(), "--port", "" + port);
        } finally {
            System.setErr(was);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, printed);
        assertTrue(printed.contains(rules.resolve("broken.drl") + ":"), "names the file and line: " + printed);
        try (ServerSocket s = new ServerSocket(port)) {
            assertEquals(port, s.getLocalPort(), "nothing listens on the service's port");
        }
        try (Store reopened = StoreFactory.open(data, null)) {
            assertEquals(
                    0,
                    reopened.list(TestServer.SUB, "rg", null, null, 10).size(),
                    "the store was closed: it opens again");
        }
    }
}

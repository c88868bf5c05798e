package waybill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndVersionTest {
    private static final List<String> COMMANDS =
            List.of("serve", "replay", "check-rules", "diff-rules", "mongo-server", "restore");

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
        for (String command : COMMANDS) {
            Run r = run(command, "--help");
            assertEquals(0, r.exit(), command + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: waybill " + command), command + ": " + r.out());
            assertTrue(r.out().contains("--version"), command + ": " + r.out());
            assertEquals("", r.err(), command);
        }
    }

    @Test
    void everyCommandAndTheLauncherItselfAnswerVersion() {
        for (String command : COMMANDS) {
            Run r = run(command, "--version");
            assertEquals(0, r.exit(), command + ": " + r.err());
            assertTrue(r.out().startsWith("waybill "), command + ": " + r.out());
            assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
        }
        Run top = run("--version");
        assertEquals(0, top.exit(), top.err());
        assertTrue(top.out().startsWith("waybill "), top.out());
    }

    @Test
    void anUnknownOptionIsStillRefusedNamingIt() {
        Run r = run("serve", "--hlep");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Unknown option: '--hlep'"), r.err());
    }
}

package waybill.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;

/** Compiles a rules folder and reports every error as {@code file:line: message}. */
@Command(name = "check-rules", description = "Compile the rules folder only; print errors as file:line: message.")
public final class CheckRulesCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "rules", description = "the rules folder (default: rules)")
    Path dir;

    @Override
    public Integer call() {
        try {
            Rulebook rb = RulebookLoader.load(dir, Instant.now());
            System.out.printf(
                    "%s: %d rules in %d files compile; revision %s%n",
                    dir, rb.rules().size(), rb.files().size(), rb.revision());
            RulebookLoader.retire(rb);
            return 0;
        } catch (RuleCompileException e) {
            for (RuleError err : e.errors()) {
                System.err.println(dir.resolve(err.file()) + ":" + err.line() + ": " + err.message());
            }
            System.err.printf(
                    "%s: %d error(s); nothing loaded%n", dir, e.errors().size());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}

package waybill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code waybill} command: serve, replay, check-rules. */
@Command(name = "waybill", mixinStandardHelpOptions = true, version = "waybill 1.0",
        description = "Rule-engine driven policy service for drive-shipping import/export jobs.",
        subcommands = {ServeCommand.class, CheckRulesCommand.class, ReplayCommand.class, DiffRulesCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

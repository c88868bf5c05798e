package waybill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code waybill} command and its subcommands:
 * <ul>
 *   <li>{@code serve}: the HTTP service ({@link ServeCommand});</li>
 *   <li>{@code replay}: replay fixture scenarios and check their expectations ({@link ReplayCommand});</li>
 *   <li>{@code check-rules}: compile a rules folder and report errors as file:line ({@link CheckRulesCommand});</li>
 *   <li>{@code diff-rules}: where a candidate rules folder decides differently from the current one
 *       ({@link DiffRulesCommand});</li>
 *   <li>{@code mongo-server}: the embedded MongoDB-wire server alone, for several {@code serve --mongo-uri}
 *       processes to share ({@link MongoServerCommand});</li>
 *   <li>{@code restore}: a backup archive into the embedded store or a MongoDB ({@link RestoreCommand}).</li>
 * </ul>
 * Every one of them takes {@code --help} and {@code --version} (inherited from here).
 */
@Command(
        name = "waybill",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "Rule-engine driven policy service for drive-shipping import/export jobs.",
        subcommands = {
            ServeCommand.class,
            CheckRulesCommand.class,
            ReplayCommand.class,
            DiffRulesCommand.class,
            MongoServerCommand.class,
            RestoreCommand.class
        })
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

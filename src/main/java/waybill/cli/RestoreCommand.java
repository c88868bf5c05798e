package waybill.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import waybill.backup.DamagedArchiveException;
import waybill.backup.Restore;

/**
 * Restores a backup archive ({@code POST /ops/backup}) into the embedded store of a data folder or into a
 * MongoDB (docs/operations.md, "Backup and restore"; the move to a replica set: docs/deploy.md).
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = "Restore a backup archive (POST /ops/backup) into the embedded store of a data folder "
                + "or into a MongoDB. The archive is verified whole first: a truncated or altered one is "
                + "refused and nothing is written.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the archive, as POST /ops/backup answered it")
    Path archive;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Into into;

    static final class Into {
        @Option(names = "--data", description = "a data folder: its embedded store (waybill.mv.db)")
        Path data;

        @Option(
                names = "--mongo-uri",
                description = "a MongoDB connection string (the database: the URI's, else waybill)")
        String mongoUri;
    }

    @Option(
            names = "--replace",
            description = "restore into a store that already holds jobs: each document of the archive replaces "
                    + "the one with its _id, the others stay (without it such a store is refused)")
    boolean replace;

    @Override
    public Integer call() {
        Restore.Target target = new Restore.Target(into.data, into.mongoUri);
        try {
            Restore.Report report =
                    new Restore(archive, line -> System.err.println("restore: " + line)).into(target, replace);
            StringBuilder counts = new StringBuilder();
            report.counts()
                    .forEach((name, n) -> counts.append(counts.isEmpty() ? "" : ", ")
                            .append(n)
                            .append(' ')
                            .append(name));
            System.out.println("restored into " + target.describe() + " the backup of " + report.archiveCreatedAt()
                    + " (" + report.source() + "): " + counts);
            return 0;
        } catch (DamagedArchiveException e) {
            System.err.println("restore refused: " + e.getMessage() + "; nothing was written");
            return 1;
        } catch (Restore.Refused e) {
            System.err.println("restore refused: " + e.getMessage() + "; nothing was written");
            return 1;
        } catch (RuntimeException e) {
            // the archive was whole; the store failed part-way (unreachable, full disk): run it again with --replace
            System.err.println("restore failed writing into " + target.describe() + ": " + e.getMessage()
                    + "; part of the archive may be written: once the store is back, run restore again with --replace");
            return 2;
        }
    }
}

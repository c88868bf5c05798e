package waybill.store.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of a server that other processes share ({@link EmbeddedMongo#standalone}): a write
 * command is answered only once it is committed to the file and synced (fsync), through one group committer, so what a
 * client was told is written survives a kill of the server. Reads are answered as they are.
 */
final class CommittingBackend extends H2Backend {
    private static final Set<String> WRITES = Set.of(
            "insert", "update", "delete", "findAndModify", "findandmodify", "createIndexes", "dropIndexes", "drop");

    private final GroupCommitter committer;

    /** @param sync forces the committed chunks to the disk: a write is answered after the fsync covering it */
    CommittingBackend(MVStore store, Runnable sync) {
        super(store);
        this.committer = new GroupCommitter(() -> {
            commit();
            sync.run();
        });
    }

    GroupCommitter committer() {
        return committer;
    }

    /** A command (OP_MSG, all the driver sends): its first key names it. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document answer = super.handleMessage(message);
        Document command = message.getDocument();
        if (!command.isEmpty() && WRITES.contains(command.keySet().iterator().next())) {
            committer.awaitDurable();
        }
        return answer;
    }
}

package waybill.store.mongo;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import waybill.store.Store;
import waybill.store.StoreContract;

/** The store contract, kept by the embedded store: this process its only writer, the single-writer read model. */
class EmbeddedSingleWriterContractTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return StoreFactory.embedded(dir, ReadModel.Kind.SINGLE_WRITER);
    }
}

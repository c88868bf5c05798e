package waybill.store.mongo;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import waybill.store.Store;
import waybill.store.StoreContract;

/** The store contract, kept by the shared read model (indexed queries, nothing in memory) over the embedded server. */
class EmbeddedSharedContractTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return StoreFactory.embedded(dir, ReadModel.Kind.SHARED);
    }
}

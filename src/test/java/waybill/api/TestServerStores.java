package waybill.api;

import waybill.store.Store;
import waybill.store.MemoryStore;

/** Stores for tests outside this package. */
public final class TestServerStores {
    /** The in-memory store of the HTTP tests. */
    public Store memory() {
        return new MemoryStore();
    }
}

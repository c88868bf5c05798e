package waybill.api;

import waybill.store.MemoryStore;
import waybill.store.Store;

/** Stores for tests outside this package. */
public final class TestServerStores {
    /** The in-memory store of the HTTP tests. */
    public Store memory() {
        return new MemoryStore();
    }
}

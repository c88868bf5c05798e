package waybill.store;

/** The store contract, kept by the memory store of replays, dry runs and the HTTP tests. */
class MemoryStoreContractTest extends StoreContract {
    @Override
    protected Store open() {
        return new MemoryStore();
    }
}

package waybill.store.mongo;

/**
 * When an acknowledged write is durable. A replica set with majority write concern is durable on
 * acknowledgement ({@link #ON_ACK}); the embedded store needs a group commit ({@link GroupCommitter}).
 */
public interface Durability extends AutoCloseable {
    /** Throws when the store can no longer make writes durable: refuse the write rather than lose it. */
    void checkWritable();

    /** Returns once every write this thread finished before the call is durable; throws if it cannot be. */
    void awaitDurable();

    @Override
    default void close() {}

    /** Majority write concern: the acknowledgement is the durability. */
    Durability ON_ACK = new Durability() {
        @Override
        public void checkWritable() {}

        @Override
        public void awaitDurable() {}
    };
}

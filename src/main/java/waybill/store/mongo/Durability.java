package waybill.store.mongo;

/**
 * When an acknowledged write is durable. A replica set with majority write concern is durable on
 * acknowledgement ({@link #ON_ACK}); the embedded store needs a group commit ({@link GroupCommitter}).
 */
public interface Durability extends AutoCloseable {
    /** Throws when the store can no longer make writes durable: refuse the write rather than lose it. */
    void checkWritable();

    /**
     * A ticket for every write this thread has finished so far; {@link #await} on it returns once they are
     * durable. Taken while a job's turn is held, so a later write on the job has a later ticket.
     */
    long written();

    /** Returns once every write covered by {@code ticket} is durable; throws if it cannot be. */
    void await(long ticket);

    /** Returns once every write this thread finished before the call is durable; throws if it cannot be. */
    default void awaitDurable() {
        await(written());
    }

    @Override
    default void close() {}

    /** Majority write concern: the acknowledgement is the durability. */
    Durability ON_ACK = new Durability() {
        @Override
        public void checkWritable() {}

        @Override
        public long written() {
            return 0;
        }

        @Override
        public void await(long ticket) {}
    };
}

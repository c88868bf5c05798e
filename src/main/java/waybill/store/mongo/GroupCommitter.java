package waybill.store.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.store.StoreUnavailableException;

/**
 * Group commit for the embedded store: request threads finish their driver writes, then wait here; one
 * committer thread commits the MVStore once for every write finished since its last commit. One commit
 * (a chunk write and one fsync, {@link EmbeddedMongo#commit()}) serves many writers: the durable writes
 * per second this gives are measured in docs/benchmarks.md. A failed commit fails every waiter and every
 * later write: better refused than silently lost.
 */
public final class GroupCommitter implements Durability {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final Runnable commit;
    private final Object lock = new Object();
    private final Thread thread;
    private long requested; // tickets handed out; each ticket is taken after its writes finished
    private long committed; // every ticket <= committed is durable
    private RuntimeException failure;
    private boolean closed;
    private long commits;

    public GroupCommitter(Runnable commit) {
        this.commit = commit;
        this.thread = new Thread(this::run, "waybill-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void checkWritable() {
        synchronized (lock) {
            if (failure != null) {
                throw new StoreUnavailableException("the store refuses writes: a commit failed", failure);
            }
            if (closed) {
                throw new StoreUnavailableException("the store is closed", null);
            }
        }
    }

    @Override
    public long written() {
        synchronized (lock) {
            checkWritable();
            long ticket = ++requested;
            lock.notifyAll();
            return ticket;
        }
    }

    /**
     * Waits for the commit that covers {@code ticket}. Commits go in ticket order, so a failed commit fails
     * this waiter and every later one: a write decided on another's unacknowledged write never outlives it.
     */
    @Override
    public void await(long ticket) {
        synchronized (lock) {
            boolean interrupted = false;
            while (committed < ticket && failure == null) { // the committer drains pending tickets before it stops
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a half-waited write must still learn its fate: keep waiting
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (committed < ticket) {
                checkWritable();
            }
        }
    }

    /** Number of commits made: for tests and metrics. */
    public long commits() {
        synchronized (lock) {
            return commits;
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (lock) {
                while (requested == committed && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (requested == committed) {
                    return; // closed with nothing pending
                }
                // every ticket up to here was taken after its writes finished, so this commit covers them
                target = requested;
            }
            try {
                commit.run();
            } catch (RuntimeException | Error e) {
                LOG.error("commit failed: the store stops accepting writes", e);
                synchronized (lock) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    lock.notifyAll();
                }
                return;
            }
            synchronized (lock) {
                committed = target;
                commits++;
                lock.notifyAll();
            }
        }
    }

    /** Commits what is pending, then stops the committer thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package waybill.store.mongo;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up work that reads every job (rolling snapshots forward from the log, rebuilding the memory
 * indexes), run behind serving: the store answers at once, and until this is done a read rolls its job
 * forward first, the open actions are read from the collection, and due timers wait. A failure here stops
 * writes, as a failed commit does.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RuntimeException failure;

    /** Runs {@code work} on its own thread, then {@code after} (once the work succeeded). */
    void start(Runnable work, Runnable after) {
        Thread t = new Thread(
                () -> {
                    try {
                        work.run();
                        after.run();
                    } catch (RuntimeException e) {
                        LOG.error("warming the store failed: it refuses writes", e);
                        failure = e;
                    } finally {
                        done.countDown();
                    }
                },
                "waybill-store-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** True until the work has ended. */
    boolean warming() {
        return done.getCount() > 0;
    }

    /** Waits for the work to end; throws if it failed. */
    void await() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        checkWritable();
    }

    /** Throws once the work has failed. */
    void checkWritable() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw new IllegalStateException("the store refuses writes: its start-up failed", failed);
        }
    }
}

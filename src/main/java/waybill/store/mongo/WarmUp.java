package waybill.store.mongo;

import com.mongodb.MongoException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.store.StoreUnavailableException;

/**
 * The start-up work that reads every job (rolling snapshots forward from the log, rebuilding the memory
 * indexes), run behind serving: the store answers at once, and until this is done a read rolls its job
 * forward first, the open actions are read from the collection, and due timers wait. A pass that fails
 * because the database is away is run again once it answers (after 1 s, then 2, 4, up to 8 s between
 * tries): writes are refused with {@link StoreUnavailableException} only meanwhile. Any other failure
 * stops writes for good, as a failed commit does.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    static final long FIRST_WAIT_MILLIS = 1_000;
    static final long MAX_WAIT_MILLIS = 8_000;
    /** How often a caller waiting for the pass looks whether the database went away meanwhile. */
    private static final long AWAY_CHECK_MILLIS = 200;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RuntimeException failure;
    /** The database was away at the last try: writes wait for the pass, which will run again. */
    private volatile RuntimeException away;

    /** Runs {@code work} on its own thread, again while it fails for want of the database, then {@code after}. */
    void start(Runnable work, Runnable after) {
        Thread t = new Thread(
                () -> {
                    try {
                        runUntilReachable(work);
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

    private void runUntilReachable(Runnable work) {
        long wait = FIRST_WAIT_MILLIS;
        while (true) {
            try {
                work.run();
                away = null;
                return;
            } catch (StoreUnavailableException | MongoException e) {
                if (e instanceof MongoException m && !Reachability.unreachable(m)) {
                    throw m;
                }
                away = e;
                LOG.warn("warming the store paused, the database is away ({}); next try in {} ms", e.toString(), wait);
                try {
                    Thread.sleep(wait); // this thread's only work is the pass
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("warming the store was interrupted", interrupted);
                }
                wait = Math.min(wait * 2, MAX_WAIT_MILLIS);
            }
        }
    }

    boolean warming() {
        return done.getCount() > 0;
    }

    /** Waits for the work to end; throws if it failed, and at once while the database is away (only the pass waits). */
    void await() {
        boolean interrupted = false;
        try {
            while (true) {
                checkWritable();
                try {
                    if (done.await(AWAY_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        checkWritable();
    }

    /** Throws once the work has failed, and while the database is away. */
    void checkWritable() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw new StoreUnavailableException("the store refuses writes: its start-up failed", failed);
        }
        RuntimeException waiting = away;
        if (waiting != null) {
            throw new StoreUnavailableException(
                    "the store refuses writes until the database answers and its start-up pass has run", waiting);
        }
    }
}

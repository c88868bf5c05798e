package waybill.store.mongo;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.store.StoreUnavailableException;

/**
 * Whether the MongoDB answers, learnt from the operations themselves. The driver's timeouts bound one
 * operation ({@link StoreFactory}); this bounds a request made of many, and the queue behind a job's lock:
 * once an operation has failed for want of the database, every operation fails at once with
 * {@link StoreUnavailableException} instead of waiting out the timeouts again, and one operation every
 * {@link #PROBE_NANOS} goes through as a probe. The first that succeeds closes the circuit, so the
 * service resumes by itself when the database returns.
 */
final class Reachability {
    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);
    /** How often, while the database is away, one operation tries it again. */
    static final long PROBE_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private final String what;
    private volatile boolean down;
    private final AtomicLong nextProbe = new AtomicLong();

    Reachability(String what, LongSupplier nanos) {
        this.what = what;
        this.nanos = nanos;
    }

    /** True on a thread inside an operation already let through: its own calls are part of it. */
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

    <T> T call(Callable<T> op) throws Exception {
        if (inside.get()) {
            return op.call(); // the enclosing operation was let through, and translates what fails
        }
        inside.set(true);
        try {
            return admitted(op);
        } finally {
            inside.set(false);
        }
    }

    private <T> T admitted(Callable<T> op) throws Exception {
        if (down) {
            long now = nanos.getAsLong();
            long probe = nextProbe.get();
            if (now - probe < 0 || !nextProbe.compareAndSet(probe, now + PROBE_NANOS)) {
                throw new StoreUnavailableException(what + " is unreachable; retry shortly", null);
            }
        }
        T result;
        try {
            result = op.call();
        } catch (MongoException e) {
            if (unreachable(e)) {
                if (!down) {
                    LOG.warn("{} is unreachable ({}); refusing requests until it answers again", what, e.toString());
                }
                nextProbe.set(nanos.getAsLong() + PROBE_NANOS);
                down = true;
                throw new StoreUnavailableException(
                        what + " is unreachable: " + e.getClass().getSimpleName(), e);
            }
            throw e;
        }
        if (down) {
            down = false;
            LOG.info("{} answers again", what);
        }
        return result;
    }

    /** The database is away or has no primary, as opposed to refusing this operation. */
    static boolean unreachable(MongoException e) {
        return e instanceof MongoTimeoutException
                || e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoWriteConcernException
                || e instanceof MongoConnectionPoolClearedException;
    }
}

package waybill.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread of one service, made here and nowhere else: named {@code waybill-ROLE} (a pool's
 * {@code waybill-ROLE-N}), daemons, each remembered, so that the service's stop can shut its executors
 * down in the order it chooses and then tell whether any thread of it outlived the stop.
 */
final class ServiceThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceThreads.class);

    private final List<Thread> made = new ArrayList<>();

    /** Threads for one role: the first is {@code waybill-ROLE}, later ones {@code waybill-ROLE-2}, ... */
    ThreadFactory named(String role) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(r, n == 1 ? "waybill-" + role : "waybill-" + role + "-" + n);
            t.setDaemon(true);
            synchronized (made) {
                made.add(t);
            }
            return t;
        };
    }

    ExecutorService single(String role) {
        return Executors.newSingleThreadExecutor(named(role));
    }

    ScheduledExecutorService scheduled(String role) {
        return Executors.newSingleThreadScheduledExecutor(named(role));
    }

    ExecutorService pool(String role, int threads) {
        return Executors.newFixedThreadPool(threads, named(role));
    }

    /** Interrupts what runs on {@code executor} and waits, up to {@code bound}, for its threads to end. */
    static void stop(ExecutorService executor, Duration bound) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("an executor of the service did not stop within {} s", bound.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The threads made here that are still alive. */
    List<Thread> alive() {
        synchronized (made) {
            made.removeIf(t -> !t.isAlive() && t.getState() != Thread.State.NEW);
            return made.stream().filter(Thread::isAlive).toList();
        }
    }
}

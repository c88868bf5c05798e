package waybill.delivery;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery thread: while nothing is subscribed it only looks for a subscription now and then; then
 * it makes the start-up pass (derive what the log holds past the cursors, take over lapsed claims) and
 * from there on derives the committed decisions and starts every due attempt, each tick.
 */
final class DeliveryLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    static final long TICK_MILLIS = 20;
    static final Duration TAKE_OVER_EVERY = Duration.ofSeconds(5);
    static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);
    static final int BATCH = 500;

    private final Outbox outbox;
    private final DeliveryWorker worker;
    private final boolean shared;
    private final BooleanSupplier active;
    private final Runnable lookForSubscription;
    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param shared              whether other instances share the store (then lapsed claims and underived
     *                            decisions are looked for regularly)
     * @param active              whether something is subscribed
     * @param lookForSubscription activates delivery if something is subscribed now
     */
    DeliveryLoop(
            Outbox outbox,
            DeliveryWorker worker,
            boolean shared,
            BooleanSupplier active,
            Runnable lookForSubscription) {
        this.outbox = outbox;
        this.worker = worker;
        this.shared = shared;
        this.active = active;
        this.lookForSubscription = lookForSubscription;
    }

    /** Marks the loop running, runs {@code first} (it may activate delivery), then starts a thread of {@code threads}. */
    void start(Runnable first, java.util.concurrent.ThreadFactory threads) {
        running = true;
        first.run();
        thread = threads.newThread(this::run);
        thread.start();
    }

    boolean running() {
        return running;
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Derives the decisions past their jobs' cursors (a crash, or an instance that died, left them). */
    int reconcile() {
        return outbox.underived(worker);
    }

    /** One round: derive what was committed (a few batches at most, so sending keeps pace), start every due attempt. */
    void tick() {
        for (int i = 0; i < 4 && outbox.queued() > 0; i++) {
            worker.hold(outbox.drain(worker, BATCH));
        }
        worker.dispatch();
    }

    private void run() {
        try {
            while (running && !active.getAsBoolean()) { // another instance may add the first webhook
                synchronized (signal) {
                    signal.wait(TAKE_OVER_EVERY.toMillis());
                }
                try {
                    lookForSubscription.run();
                } catch (RuntimeException e) {
                    LOG.warn("deliveries: cannot read the subscriptions ({}); trying again", e.toString());
                }
            }
            while (running) {
                try {
                    int derived = reconcile();
                    int taken = worker.takeOver(!shared);
                    LOG.info(
                            "deliveries: {} decisions derived at start, {} pending entries taken over", derived, taken);
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("deliveries: the start-up pass failed ({}); trying again", e.toString());
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            return;
        }
        loop();
    }

    private void loop() {
        long lastTakeOver = System.nanoTime();
        long lastReconcile = System.nanoTime();
        while (running) {
            try {
                tick();
                if (shared && System.nanoTime() - lastTakeOver > TAKE_OVER_EVERY.toNanos()) {
                    worker.takeOver(false);
                    lastTakeOver = System.nanoTime();
                }
                if (shared && System.nanoTime() - lastReconcile > RECONCILE_EVERY.toNanos()) {
                    reconcile();
                    lastReconcile = System.nanoTime();
                }
                synchronized (signal) {
                    signal.wait(TICK_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("deliveries: {}; trying again", e.toString());
                try {
                    Thread.sleep(1000); // the store refuses writes: do not spin
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Stops the thread and waits a while for it. */
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

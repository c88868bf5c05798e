package waybill.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;

/**
 * Sends the entries this instance holds: each lane's first entry when its attempt is due by the service
 * clock, several lanes at once; records each outcome in the store (only while it still holds the claim),
 * and schedules the next attempt with {@link Backoff} or fails the entry past its time. Entries whose
 * claim lapsed (their instance died) are taken over by {@link #takeOver}.
 */
final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    static final int TAKE_OVER_BATCH = 1000;

    /** What happened to an attempt, for the metrics. */
    interface Outcomes {
        void attempted(Delivery after, Duration lag);
    }

    private final DeliveryLog log;
    private final String owner;
    private final Clock clock;
    private final Map<String, Channel> channels;
    private final Backoff backoff;
    private final Duration lease;
    private final Outcomes outcomes;
    private volatile ExecutorService senders;
    private final Lanes lanes = new Lanes();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable wake;

    /** @param channels by target prefix: {@code webhook:}, {@code mail:} */
    DeliveryWorker(
            DeliveryLog log,
            String owner,
            Clock clock,
            Map<String, Channel> channels,
            Backoff backoff,
            Duration lease,
            Outcomes outcomes,
            Runnable wake) {
        this.log = log;
        this.owner = owner;
        this.clock = clock;
        this.channels = channels;
        this.backoff = backoff;
        this.lease = lease;
        this.outcomes = outcomes;
        this.wake = wake;
    }

    /** Sends on {@code senders} (the caller's pool, of {@code workers} threads), until {@link #close()}. */
    void start(ExecutorService senders) {
        this.senders = senders;
    }

    String owner() {
        return owner;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS); // what the store keeps of an instant
    }

    Instant leaseFrom(Instant at) {
        return at.plus(lease);
    }

    /** Entries this instance has just written, claimed by it. */
    synchronized void hold(List<Delivery> mine) {
        mine.forEach(lanes::add);
    }

    /**
     * Claims pending entries whose claim has lapsed (all pending ones when {@code anyClaim}: the only
     * instance, just started, knows their holder is gone). Answers how many it took.
     */
    int takeOver(boolean anyClaim) {
        Instant now = now();
        int taken = 0;
        for (Delivery d : log.claimable(now, anyClaim, TAKE_OVER_BATCH)) {
            synchronized (this) {
                if (lanes.holds(d.id())) {
                    continue;
                }
            }
            Optional<Delivery> mine = log.claim(d, owner, leaseFrom(later(now, d.nextAttemptAt())));
            if (mine.isPresent()) {
                synchronized (this) {
                    lanes.add(mine.get());
                }
                taken++;
            }
        }
        return taken;
    }

    /** Starts an attempt for every lane whose first entry is due; answers how many started. */
    int dispatch() {
        List<Delivery> due;
        synchronized (this) {
            due = lanes.takeDue(now());
        }
        for (Delivery d : due) {
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    attempt(d);
                } finally {
                    inFlight.decrementAndGet();
                    wake.run();
                }
            });
        }
        return due.size();
    }

    /** One attempt, on a sender thread. */
    void attempt(Delivery d) {
        try {
            if (log.earlierPending(d)) {
                synchronized (this) {
                    lanes.release(d); // another instance holds an earlier entry of this lane: it goes first
                }
                return;
            }
            Channel channel = channels.get(d.target().substring(0, d.target().indexOf(':') + 1));
            Delivery after;
            try {
                if (channel == null) {
                    throw new Channel.Failure("no channel sends to " + d.target() + " (mail is not configured)", true);
                }
                channel.send(d);
                Instant now = now();
                after = d.attempted(Delivery.SENT, null, null, now, null);
            } catch (Channel.Failure f) {
                Instant now = now();
                Instant next = f.permanent ? null : backoff.next(d.createdAt(), now, d.attempts() + 1);
                after = next == null
                        ? d.attempted(Delivery.FAILED, f.getMessage(), null, null, null)
                        : d.attempted(Delivery.PENDING, f.getMessage(), next, null, leaseFrom(next));
            }
            boolean kept = log.update(after, owner);
            if (!kept) {
                LOG.info("delivery {} was taken over by another instance; leaving it to it", d.id());
            }
            synchronized (this) {
                lanes.done(d, kept ? after : null);
            }
            outcomes.attempted(after, Duration.between(d.createdAt(), now()));
        } catch (RuntimeException e) {
            // the store refused (a failed commit): keep the entry as it is; the claim lapses and it is sent again
            LOG.warn("delivery {}: the outcome could not be recorded: {}", d.id(), e.toString());
            synchronized (this) {
                lanes.release(d);
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    synchronized int held() {
        return lanes.size();
    }

    synchronized Instant oldestHeld() {
        return lanes.oldest();
    }

    int inFlight() {
        return inFlight.get();
    }

    void close() {
        ExecutorService senders = this.senders;
        if (senders == null) {
            return;
        }
        senders.shutdownNow();
        try {
            senders.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS); // before the store closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

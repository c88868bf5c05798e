package waybill.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import waybill.engine.Decision;
import waybill.store.Delivery;
import waybill.store.DeliveryLog;

/**
 * Every event leaving the service (docs/operations.md#deliveries): the outbox derived from committed
 * decisions, the worker that sends it, the webhooks, and what /health, /metrics and /ops/deliveries show.
 * One thread derives and dispatches; sender threads send. Nothing runs when delivery is disabled, and
 * nothing is derived while nothing is subscribed.
 */
public final class Deliveries implements AutoCloseable {
    private final DeliveryConfig config;
    private final DeliveryLog log;
    private final Clock clock;
    private final boolean shared;
    private final Webhooks webhooks;
    private final Outbox outbox;
    private final DeliveryWorker worker;
    private final MeterRegistry registry;
    private final DeliveryLoop loop;
    /** Something is subscribed: committed decisions are derived. */
    private volatile boolean active;

    /**
     * @param contact a job's contact e-mail by job id, read when a customer's mail is sent
     * @param shared  whether other instances share the store (then lapsed claims are looked for regularly)
     * @param random  the jitter's draws, uniform in [0, 1)
     */
    public Deliveries(
            DeliveryConfig config,
            DeliveryLog log,
            Clock clock,
            Function<String, Optional<String>> contact,
            MeterRegistry registry,
            boolean shared,
            DoubleSupplier random) {
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.shared = shared;
        this.registry = registry;
        EgressPolicy egress = EgressPolicy.of(config.egress());
        this.webhooks = new Webhooks(config.configuredWebhooks(), log, this::activate, egress);
        DeliveryConfig.Mail mail = config.mail();
        boolean operatorsMail =
                mail != null && mail.operators() != null && !mail.operators().isEmpty();
        this.outbox = new Outbox(log, new Events(config.source()), webhooks, operatorsMail, mail != null);
        Map<String, Channel> channels = new HashMap<>();
        channels.put(
                Targets.WEBHOOK,
                new WebhookChannel(webhooks, clock, config.retry().timeout(), egress));
        if (mail != null) {
            channels.put("mail:", new MailChannel(mail, config.retry().timeout(), contact));
        }
        this.worker = new DeliveryWorker(
                log,
                UUID.randomUUID().toString(),
                clock,
                channels,
                new Backoff(config.retry(), random),
                config.lease(),
                (after, lag) -> DeliveryMeters.attempted(registry, after, lag),
                this::wake);
        this.loop = new DeliveryLoop(outbox, worker, shared, () -> active, () -> {
            if (subscribed()) {
                activate();
            }
        });
        DeliveryMeters.bind(registry, this::pending, () -> oldestPendingAge());
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    /** A committed decision, from {@link CommitTap}: queued only while something is subscribed. */
    void committed(Decision d, Instant at) {
        if (active) {
            outbox.committed(d, at);
            wake();
        }
    }

    /**
     * Starts the delivery thread and returns: serving is not held back. While nothing is subscribed (no
     * webhook, no mail) it does no work per decision and only looks for a subscription now and then; then
     * it derives what the log holds past the cursors and takes over lapsed claims, and delivers. The
     * threads are its caller's making: the loop's one of {@code loopThread}, the sends on {@code senders}
     * (as many threads as {@link DeliveryConfig#workers()}); {@link #close()} stops both and waits for them,
     * so that no send touches the store after it.
     */
    public Deliveries start(ThreadFactory loopThread, ExecutorService senders) {
        if (!config.enabled()) {
            log.running(false); // a later start with delivery on begins from its own instant
            return this;
        }
        worker.start(senders);
        loop.start(
                () -> {
                    if (subscribed()) {
                        activate();
                    } else if (!shared) {
                        log.running(false); // alone and nothing subscribed: delivery begins when something subscribes
                    }
                },
                loopThread);
        return this;
    }

    /** Whether anything would receive an event: a webhook (the file's or the store's) or mail. */
    private boolean subscribed() {
        return config.mail() != null || !webhooks.all().isEmpty();
    }

    /**
     * From here on committed decisions are derived; a first start (or the first since one with nothing to
     * deliver to) begins at this instant, not with the whole log. Called before a webhook added here is
     * answered, so no decision committed after the answer is missed.
     */
    private synchronized void activate() {
        if (active || !loop.running()) {
            return; // delivered to already, or delivery is off
        }
        if (!log.running()) {
            log.baseline();
            log.running(true);
        }
        active = true;
        wake();
    }

    /** Derives the decisions past their jobs' cursors (a crash, or an instance that died, left them). */
    int reconcile() {
        return loop.reconcile();
    }

    /** Takes over the entries whose claim has lapsed (the loop does it every few seconds with several instances). */
    int takeOverLapsed() {
        return worker.takeOver(false);
    }

    String owner() {
        return worker.owner();
    }

    private void wake() {
        loop.wake();
    }

    public List<Delivery> list(String status, int limit) {
        return log.list(status, limit);
    }

    /** A failed entry tried again from now (by this instance); empty when there is no such entry. */
    public Optional<Delivery> redeliver(String id) {
        Optional<Delivery> again = log.redeliver(id, worker.now());
        if (again.isPresent()
                && Delivery.PENDING.equals(again.get().status())
                && again.get().owner() == null) {
            Optional<Delivery> claimed = log.claim(again.get(), worker.owner(), worker.leaseFrom(worker.now()));
            claimed.ifPresent(d -> {
                worker.hold(List.of(d));
                wake();
            });
            // the entry as redelivered: read again, it may already be sent by the sender just woken, and the
            // answer would say "sent already" of the redelivery it made
            return claimed.isPresent() ? claimed : log.get(id);
        }
        return again;
    }

    int pending() {
        return worker.held() + outbox.queued();
    }

    Duration oldestPendingAge() {
        return DeliveryMeters.age(clock, worker.oldestHeld(), outbox.oldestQueued());
    }

    /** What /health says of delivery: backed up when the oldest pending entry is older than configured. */
    public Map<String, Object> health() {
        return DeliveryMeters.health(config, pending(), oldestPendingAge());
    }

    @Override
    public void close() {
        loop.stop();
        worker.close();
    }
}

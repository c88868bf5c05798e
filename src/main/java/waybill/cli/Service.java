package waybill.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.api.NodeName;
import waybill.api.WaybillServer;
import waybill.config.ServiceConfig;
import waybill.decision.ClaimedSweep;
import waybill.decision.Decisions;
import waybill.decision.Metrics;
import waybill.decision.TimerSweeper;
import waybill.delivery.CommitTap;
import waybill.delivery.Deliveries;
import waybill.delivery.DeliveryConfig;
import waybill.engine.RuleCompileException;
import waybill.engine.Rulebook;
import waybill.job.Job;
import waybill.job.ReturnAddress;
import waybill.ops.FireCounts;
import waybill.ops.JobBoard;
import waybill.ops.RuleAtlas;
import waybill.rulesops.Retimer;
import waybill.rulesops.RulesFollower;
import waybill.rulesops.RulesHolder;
import waybill.rulesops.RulesWatcher;
import waybill.rulesops.history.Trigger;
import waybill.store.DeliveryLog;
import waybill.store.MemoryDeliveryLog;
import waybill.store.Store;

/**
 * The composition root of one service: builds its parts over a store (clock, rules, decisions,
 * deliveries, the timer sweep, the rules follower and watcher, the console's read models, the HTTP
 * layer), makes every thread they run on ({@link ServiceThreads}), starts them in order and stops them in
 * the reverse one: requests first, then the sweep, the follower, the watcher, retimes and deliveries, then
 * the store (its writers flush on its close). {@code serve} and the tests boot through here.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    /** How long a stop waits for each executor's threads to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final ServiceConfig config;
    private final Store store;
    private final Clock clock;
    private final RulesHolder rules;
    private final Deliveries deliveries;
    private final JobBoard board;
    private final RuleAtlas atlas;
    private final TimerSweeper sweeper;
    private final WaybillServer server;
    private final ServiceThreads threads = new ServiceThreads();
    /** Due timers of different jobs, fired in parallel: this service's own pool. */
    private final ExecutorService sweepPool = threads.pool("timers", Decisions.SWEEP_THREADS);
    /** The sweep's schedule, the rules follower's polls. */
    private final ScheduledExecutorService sweepEvery = threads.scheduled("timer-sweep");

    private final ScheduledExecutorService followEvery = threads.scheduled("rules-follower");
    /** A reload with retime moves the open jobs' deadlines here, behind serving. */
    private final ExecutorService retimes = threads.single("retime");

    private final ExecutorService consoleWarmUp = threads.single("console-warm-up");
    private final ExecutorService deliverySenders;
    private RulesFollower follower;
    private RulesWatcher watcher;

    private Service(ServiceConfig config, Store store, DeliveryConfig deliveryConfig, ServerRules compiled)
            throws IOException {
        this.config = config;
        this.store = store;
        this.clock = compiled.clock();
        this.deliverySenders = threads.pool("delivery-sender", deliveryConfig.workers());
        this.rules = compiled.rules().named(this::node);
        Metrics metrics = new Metrics(store, clock);
        DeliveryLog outbox = MemoryDeliveryLog.of(store);
        this.deliveries = new Deliveries(
                deliveryConfig,
                outbox,
                clock,
                jobId -> store.find(jobId)
                        .map(Job::getReturnAddress)
                        .map(ReturnAddress::getEmail)
                        .filter(e -> !e.isBlank()),
                metrics.registry(),
                outbox.shared(),
                Math::random);
        Decisions decisions =
                new Decisions(rules, new CommitTap(store, deliveries, clock), clock, metrics, this::node, sweepPool);
        rules.retimeWith(new Retimer(store, decisions::submit, clock, retimes));
        // instances sharing a store split the due timers by claims (ClaimedSweep); alone, one sweeps all
        this.sweeper = config.manualClock()
                ? null
                : new TimerSweeper(
                        decisions,
                        clock,
                        store.dueClaims()
                                .map(c -> new ClaimedSweep(c, decisions, this::node, sweepPool))
                                .orElse(null));
        // the operators' read models and the console (api.md §4)
        this.board = new JobBoard(store);
        FireCounts fired = new FireCounts();
        decisions.onDecided(board::decided);
        decisions.onDecided(fired::decided);
        this.atlas = new RuleAtlas(config.fixturesDir());
        this.server = new WaybillServer(new WaybillServer.Parts(
                config, store, clock, rules, metrics, decisions, deliveries, board, fired, atlas));
    }

    /**
     * The service over {@code store}, built, not started. It owns the store from here on: {@link #close()}
     * closes it last. A failure here leaves the store to the caller, and no thread behind.
     */
    public static Service over(ServiceConfig config, Store store, DeliveryConfig deliveries)
            throws IOException, RuleCompileException {
        return new Service(config, store, deliveries, ServerRules.compile(config));
    }

    /** The same, with the clock and the rules compiled before (while the store opened: {@code serve}). */
    static Service over(ServiceConfig config, Store store, DeliveryConfig deliveries, ServerRules compiled)
            throws IOException {
        return new Service(config, store, deliveries, compiled);
    }

    /** Starts the parts in order, the HTTP layer among them, and returns once requests are taken. */
    public Service start() {
        if (store.shared()) {
            // instances share the store: all serve its newest activation, this one too before its first request
            rules.keepInShared(store.activations());
            follower = new RulesFollower(rules, store.activations(), clock);
            follower.join();
            follower.start(followEvery);
        }
        // what a crash left underived is derived before the first request
        deliveries.start(threads.named("deliveries"), deliverySenders);
        server.start();
        if (follower == null) {
            rules.keepIn(store.activations()); // the rules history survives restarts on a durable store
        }
        if (sweeper != null) {
            sweeper.start(sweepEvery, Duration.ofSeconds(1));
        }
        rules.retimer().resume(rules, node()); // a retime this instance started and did not finish
        try {
            // a saved edit in the rules folder reloads by itself, through the same fixture gate (docs/operations.md)
            watcher = new RulesWatcher(config.rulesDir(), RulesWatcher.QUIET, () -> rules.reload(Trigger.WATCH, false))
                    .start(threads.named("rules-watcher"));
        } catch (IOException e) {
            LOG.warn(
                    "cannot watch {} for rule changes ({}); reload with POST /ops/rules/reload",
                    config.rulesDir(),
                    e.toString());
        }
        Rulebook rb = rules.get();
        LOG.info(
                "waybill listening on http://localhost:{} (docs at /docs) as node {}; store {}; rules {} revision {} ({} rules); clock {}",
                server.port(),
                node(),
                store.describe(),
                config.rulesDir(),
                rb.revision(),
                rb.rules().size(),
                config.manualClock() ? "manual from " + clock.instant() : "system");
        return this;
    }

    /** In the background: reads the board and replays the fixtures for the diagrams before the console first asks. */
    public void warmConsole() {
        RuleAtlas.prepareInBackground(board, atlas, rules, consoleWarmUp);
    }

    /** This instance's name: the HTTP layer's once it listens. */
    public String node() {
        WaybillServer s = server;
        return s != null ? s.node() : NodeName.of(config.nodeName(), config.port());
    }

    public WaybillServer server() {
        return server;
    }

    public Store store() {
        return store;
    }

    /** The threads of this service still alive (none once {@link #close()} has returned, when all went well). */
    public List<Thread> threadsAlive() {
        return threads.alive();
    }

    /**
     * Stops in order: requests, the timer sweep (a sweep under way ends, then its pool), the rules follower
     * and watcher, a retime under way, deliveries (their sends end before the store closes); then the store,
     * whose writers flush and end on its close. The console's warm-up, if still under way, is interrupted (it
     * stops between two fixtures) and ends before the store closes.
     */
    @Override
    public void close() {
        try {
            server.close();
            // a warm-up under way is interrupted (the atlas stops between two fixtures), and waited for below
            consoleWarmUp.shutdownNow();
            if (sweeper != null) {
                sweeper.close();
            }
            ServiceThreads.stop(sweepEvery, STOP_WAIT);
            ServiceThreads.stop(sweepPool, STOP_WAIT);
            if (follower != null) {
                follower.close();
            }
            ServiceThreads.stop(followEvery, STOP_WAIT);
            if (watcher != null) {
                watcher.close();
            }
            ServiceThreads.stop(retimes, STOP_WAIT);
            deliveries.close(); // the loop ends, then the sends under way
            ServiceThreads.stop(deliverySenders, STOP_WAIT);
            ServiceThreads.stop(consoleWarmUp, STOP_WAIT); // before the store closes under its reads
        } finally {
            store.close();
        }
        List<Thread> left = threads.alive();
        if (!left.isEmpty()) {
            LOG.warn(
                    "threads of the service outlived its stop: {}",
                    left.stream().map(Thread::getName).toList());
        }
    }
}

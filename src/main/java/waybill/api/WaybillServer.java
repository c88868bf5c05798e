package waybill.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.azure.Locations;
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
import waybill.rulesops.CandidateDryRun;
import waybill.rulesops.Retimer;
import waybill.rulesops.RulesFollower;
import waybill.rulesops.RulesHolder;
import waybill.rulesops.RulesWatcher;
import waybill.rulesops.history.Trigger;
import waybill.store.DeliveryLog;
import waybill.store.MemoryDeliveryLog;
import waybill.store.Store;

/**
 * The HTTP service: the Jobs API, the operators' routes, rules, clock, health, metrics and docs, over one
 * store and one active rulebook. The caller owns the store (and closes it after {@link #close()}).
 */
public final class WaybillServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaybillServer.class);

    private final ServiceConfig config;
    private final Store store;
    private final Clock clock;
    private final RulesHolder rules;
    private final Metrics metrics;
    private final Decisions decisions;
    private final TimerSweeper sweeper;
    private final Deliveries deliveries;
    private final ExecutorService retimes;
    private final Javalin app;
    private RulesWatcher watcher;
    private RulesFollower follower;
    /** This instance's name, fixed once the server listens (see {@link #node()}). */
    private volatile String node;

    private JobBoard board;
    private RuleAtlas atlas;

    public WaybillServer(ServiceConfig config, Store store) throws IOException, RuleCompileException {
        this(config, store, DeliveryConfig.DEFAULT);
    }

    /** With deliveries configured (webhooks of a file, mail; {@link DeliveryConfig#OFF}: none sent). */
    public WaybillServer(ServiceConfig config, Store store, DeliveryConfig deliveryConfig)
            throws IOException, RuleCompileException {
        this(config, store, deliveryConfig, ServerRules.compile(config));
    }

    /** With the clock and the rules compiled before (while the store opened: {@code serve}). */
    public WaybillServer(ServiceConfig config, Store store, DeliveryConfig deliveryConfig, ServerRules compiled)
            throws IOException {
        this.config = config;
        this.store = store;
        this.clock = compiled.clock();
        this.rules = compiled.rules().named(this::node);
        this.metrics = new Metrics(store, clock);
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
        this.decisions = new Decisions(rules, new CommitTap(store, deliveries, clock), clock, metrics, this::node);
        // a reload with retime moves the open jobs' deadlines on a thread of its own, behind serving
        this.retimes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "waybill-retime");
            t.setDaemon(true);
            return t;
        });
        rules.retimeWith(new Retimer(store, decisions::submit, clock, retimes));
        // instances sharing a store split the due timers by claims (ClaimedSweep); alone, one sweeps all
        this.sweeper = config.manualClock()
                ? null
                : new TimerSweeper(
                        decisions,
                        clock,
                        store.dueClaims()
                                .map(c -> new ClaimedSweep(c, decisions, this::node))
                                .orElse(null));
        Locations locations = Locations.load(config.locationsFile());
        ApiJson json = new ApiJson();
        this.app = Javalin.create(c -> configure(c, json, locations));
    }

    private void configure(JavalinConfig c, ApiJson json, Locations locations) {
        c.jetty.port = config.port();
        c.startup.showJavalinBanner = false;
        c.jsonMapper(new JavalinJackson(json.mapper(), false));
        c.staticFiles.enableWebjars();
        c.http.maxRequestSize = BodyGuard.MAX_BODY_BYTES;
        c.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().toString(), route(ctx), ctx.statusCode(), ms));
        c.jetty.modifyServer(server -> {
            server.setErrorHandler(new JettyErrors(json.mapper()));
            try {
                new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(metrics.registry());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Jetty thread pool metrics unavailable: {}", e.toString());
            }
        });
        ErrorHandler.register(c.routes);
        new Auth(config.keys()).register(c.routes); // keys and roles first (docs/security.md)
        new Throttle(config.throttling()).register(c.routes); // then the key's budget (docs/operations.md)
        BodyGuard.register(c.routes);
        new JobsRoutes(decisions, store, locations, json, config.links(), this::port).register(c.routes);
        new ProviderRoutes(locations).register(c.routes);
        new FactsRoutes(decisions, json).register(c.routes);
        new ActionsRoutes(store, clock).register(c.routes);
        new HistoryRoutes(store, json).register(c.routes);
        new RulesRoutes(
                        rules,
                        new CandidateDryRun(rules, store, clock),
                        decisions.troubles(),
                        json,
                        new RulesAudit(metrics.registry()))
                .register(c.routes);
        new ClockRoutes(clock, decisions, json).register(c.routes);
        new IncidentsRoutes(decisions, deliveries).register(c.routes);
        new DeliveryRoutes(deliveries, json).register(c.routes);
        new BackupRoutes(store, clock).register(c.routes);
        new ServiceRoutes(store, rules, metrics, decisions.troubles(), decisions.incidents(), deliveries, this::node)
                .register(c.routes);
        // the operators' read models and the console (api.md §4)
        board = new JobBoard(store);
        FireCounts fired = new FireCounts();
        decisions.onDecided(board::decided);
        decisions.onDecided(fired::decided);
        atlas = new RuleAtlas(config.fixturesDir());
        new OpsViewRoutes(store, board, rules, clock, json).register(c.routes);
        new DiagramRoutes(rules, atlas, board).register(c.routes);
        new RulesViewRoutes(rules, atlas, fired).register(c.routes);
        ConsoleRoutes.register(c);
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    public WaybillServer start() {
        node = nodeAt(config.port());
        if (store.shared()) {
            // instances share the store: all serve its newest activation, this one too before its first request
            rules.keepInShared(store.activations());
            follower = new RulesFollower(rules, store.activations(), clock);
            follower.join();
            follower.start();
        }
        deliveries.start(); // what a crash left underived is derived before the first request
        app.start();
        node = nodeAt(app.port());
        if (follower == null) {
            rules.keepIn(store.activations()); // the rules history survives restarts on a durable store
        }
        if (sweeper != null) {
            sweeper.start(Duration.ofSeconds(1));
        }
        rules.retimer().resume(rules, node()); // a retime this instance started and did not finish
        try {
            // a saved edit in the rules folder reloads by itself, through the same fixture gate (docs/operations.md)
            watcher = new RulesWatcher(config.rulesDir(), RulesWatcher.QUIET, () -> rules.reload(Trigger.WATCH, false))
                    .start();
        } catch (IOException e) {
            LOG.warn(
                    "cannot watch {} for rule changes ({}); reload with POST /ops/rules/reload",
                    config.rulesDir(),
                    e.toString());
        }
        Rulebook rb = rules.get();
        LOG.info(
                "waybill listening on http://localhost:{} (docs at /docs) as node {}; store {}; rules {} revision {} ({} rules); clock {}",
                port(),
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
        RuleAtlas.prepareInBackground(board, atlas, rules);
    }

    public int port() {
        return app.port();
    }

    /**
     * This instance's name: {@code --node-name}, else {@code host:port} (the port once the server
     * listens, so a server on port 0 names the port it was given).
     */
    public String node() {
        String named = node;
        return named != null ? named : nodeAt(config.port());
    }

    private String nodeAt(int port) {
        return NodeName.of(config.nodeName(), port);
    }

    /** Every HTTP route registered, as "METHOD /template" (the OpenAPI document must describe each). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> io.javalin.http.HandlerType.commonHttp()
                        .contains(e.endpoint.method)) // not before/after filters
                .map(e -> e.endpoint.method + " " + e.endpoint.path)
                .toList();
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (sweeper != null) {
            sweeper.close();
        }
        if (follower != null) {
            follower.close();
        }
        app.stop();
        retimes.shutdownNow();
        deliveries.close();
    }

    /** The outbox and its worker (tests look at it). */
    public Deliveries deliveries() {
        return deliveries;
    }
}

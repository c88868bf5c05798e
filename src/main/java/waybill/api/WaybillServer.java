package waybill.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.azure.Locations;
import waybill.config.ServiceConfig;
import waybill.decision.Decisions;
import waybill.decision.Metrics;
import waybill.delivery.Deliveries;
import waybill.ops.FireCounts;
import waybill.ops.JobBoard;
import waybill.ops.RuleAtlas;
import waybill.rulesops.CandidateDryRun;
import waybill.rulesops.RulesHolder;
import waybill.store.Store;

/**
 * The HTTP layer: the Jobs API, the operators' routes, rules, clock, health, metrics and docs, over the
 * parts the composition root ({@code waybill.cli.Service}) built and owns: store, clock, rules,
 * decisions, deliveries and the console's read models. It makes no thread of its own beyond Jetty's,
 * which {@link #close()} stops.
 */
public final class WaybillServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaybillServer.class);

    /** What the routes serve, built by the composition root. */
    public record Parts(
            ServiceConfig config,
            Store store,
            Clock clock,
            RulesHolder rules,
            Metrics metrics,
            Decisions decisions,
            Deliveries deliveries,
            JobBoard board,
            FireCounts fired,
            RuleAtlas atlas) {}

    private final ServiceConfig config;
    private final Store store;
    private final Clock clock;
    private final RulesHolder rules;
    private final Metrics metrics;
    private final Decisions decisions;
    private final Deliveries deliveries;
    private final JobBoard board;
    private final FireCounts fired;
    private final RuleAtlas atlas;
    private final Javalin app;
    /** This instance's name, fixed once the server listens (see {@link #node()}). */
    private volatile String node;

    public WaybillServer(Parts parts) throws IOException {
        this.config = parts.config();
        this.store = parts.store();
        this.clock = parts.clock();
        this.rules = parts.rules();
        this.metrics = parts.metrics();
        this.decisions = parts.decisions();
        this.deliveries = parts.deliveries();
        this.board = parts.board();
        this.fired = parts.fired();
        this.atlas = parts.atlas();
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

    /** Starts taking requests. */
    public WaybillServer start() {
        node = nodeAt(config.port());
        app.start();
        node = nodeAt(app.port());
        return this;
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

    /** Stops taking requests (and Jetty's threads). */
    @Override
    public void close() {
        app.stop();
    }

    /** The outbox and its worker (tests look at it). */
    public Deliveries deliveries() {
        return deliveries;
    }
}

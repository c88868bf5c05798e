package waybill.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import waybill.access.AdminKey;
import waybill.access.ApiKeys;
import waybill.api.ApiJson;
import waybill.config.ServiceConfig;
import waybill.delivery.DeliveryConfig;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;

/** Runs the HTTP service until stopped. */
@Command(name = "serve", description = "Serve the Jobs API and the operations routes over HTTP.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    BudgetOptions budget;

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: 8080; 0 for any free port)")
    int port;

    @Option(names = "--rules", defaultValue = "rules", description = "the rules folder (default: rules)")
    Path rules;

    @Option(
            names = "--data",
            defaultValue = "data",
            description =
                    "the embedded store's folder, also where the admin key and the rules compiled at earlier starts are kept (default: data)")
    Path data;

    @Option(
            names = "--mongo-uri",
            description = "a MongoDB connection string (or env MONGODB_URI); then no embedded store")
    String mongoUri;

    @Option(
            names = "--clock",
            defaultValue = "system",
            converter = ClockModeConverter.class,
            description = "system or manual (manual: POST /ops/clock moves it)")
    ServiceConfig.ClockMode clock;

    @Option(
            names = "--start",
            description = "the manual clock's start instant, e.g. 2026-03-01T00:00:00Z (default: now)")
    Instant start;

    @Option(
            names = "--fixtures",
            defaultValue = "fixtures",
            description = "the scenarios a rules reload must pass before it is activated (default: fixtures)")
    Path fixtures;

    @Option(
            names = "--locations",
            defaultValue = "config/locations.yaml",
            description = "the data centers' shipping addresses (default: config/locations.yaml)")
    Path locations;

    @Option(
            names = "--node-name",
            description = "this instance's name in /health, in every decision (decidedBy) and in rule activations "
                    + "(default: host:port)")
    String nodeName;

    /** For tests of a store outage during the start-up pass: the pass waits while this file exists. */
    @Option(names = "--hold-warm-up-while", hidden = true)
    Path holdWarmUp;

    @Option(
            names = "--keys",
            description = "a YAML file of API keys, KEY: ROLE (admin, operator, customer:SUB1|SUB2); "
                    + "adds to env WAYBILL_KEYS. With no keys at all, serve makes an admin key in DATA/admin.key")
    Path keys;

    @Option(
            names = "--deliveries",
            description =
                    "a YAML file of webhooks, mail (SMTP and the operators' addresses) and the retry schedule; "
                            + "'off' sends nothing (docs/operations.md#deliveries). Default: webhooks from /ops/webhooks only, no mail")
    String deliveries;

    @Option(
            names = "--public-url",
            description = "the URL clients reach the service at (https://waybill.example.com): the base of every "
                    + "nextLink. Default: http://localhost:PORT; the Host header never chooses")
    String publicUrl;

    @Option(
            names = "--trust-forwarded-headers",
            description = "behind a proxy that sets X-Forwarded-Proto and X-Forwarded-Host (and drops the "
                    + "client's own): links use them when no --public-url is given. Off by default")
    boolean trustForwarded;

    @Option(
            names = "--throttle",
            description = "request budgets per key, as ARM's: 'off', or NAME=VALUE pairs changing the defaults "
                    + "reads=12000,writes=1200 (Jobs API, per key and subscription), ops-reads=120000,"
                    + "ops-writes=12000 (operators' routes, per key), window=PT1H (docs/operations.md#throttling)")
    String throttle;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config;
        DeliveryConfig delivery;
        try {
            config = ServiceConfig.of(port, rules, data, mongoUri, clock, start, locations, System.getenv())
                    .withFixtures(fixtures)
                    .withBudget(budget.budget())
                    .withNodeName(nodeName)
                    .withLinks(waybill.config.PublicLinks.of(publicUrl, trustForwarded))
                    .withThrottling(waybill.config.Throttling.parse(throttle));
            if (keys != null) {
                config = config.withKeys(config.keys().plus(ApiKeys.read(keys)));
            }
            delivery = deliveries == null
                    ? DeliveryConfig.DEFAULT
                    : deliveries.equals("off") ? DeliveryConfig.OFF : DeliveryConfig.load(Path.of(deliveries));
        } catch (IllegalArgumentException e) {
            System.err.println("waybill: " + e.getMessage());
            return 2;
        }
        if (config.keys().isEmpty()) {
            config = config.withKeys(adminKey(config.dataDir()));
        } else {
            LOG.info("{} API key(s) configured", config.keys().size());
        }
        // the rules do not depend on the store: compiled on a thread of their own while it opens, and
        // nothing is served before both are done
        FutureTask<ServerRules> compiling = new FutureTask<>(compileRules(config));
        Thread compiler = new Thread(compiling, "waybill-rules-compile");
        compiler.setDaemon(true);
        compiler.start();
        LOG.info("opening store: {}", config.storeDescription());
        // the store's start-up pass (its memory indexes, behind serving) waits until requests are taken: on
        // a large store it would otherwise take a core from the rules and the service being built
        CountDownLatch serving = new CountDownLatch(1);
        Store store;
        try {
            store = StoreFactory.open(config.dataDir(), config.mongoUri(), () -> {
                awaitQuietly(serving);
                if (holdWarmUp != null) {
                    waitWhileExists(holdWarmUp);
                }
            });
        } catch (RuntimeException e) {
            compiler.interrupt();
            throw e;
        }
        LOG.info("store opened");
        Service service;
        try {
            ApiJson.prepare(); // while the rules may still load
            service = Service.over(config, store, delivery, compiled(compiling));
        } catch (RuleCompileException e) {
            for (RuleError err : e.errors()) {
                System.err.println(rules.resolve(err.file()) + ":" + err.line() + ": " + err.message());
            }
            serving.countDown(); // the store's close waits for its start-up pass, which waits for this
            store.close();
            return 2;
        } catch (Exception e) {
            serving.countDown();
            store.close();
            throw e;
        }
        try {
            service.start();
        } catch (RuntimeException e) {
            serving.countDown();
            service.close();
            throw e;
        }
        serving.countDown();
        service.warmConsole(); // the board and the diagrams are ready before the console first asks
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            service.close(); // the store last
                            stopped.countDown();
                        },
                        "waybill-shutdown"));
        stopped.await();
        return 0;
    }

    private static Callable<ServerRules> compileRules(ServiceConfig config) {
        return () -> {
            long t0 = System.nanoTime();
            ServerRules rules = ServerRules.compile(config);
            LOG.info(
                    rules.fromCompiled()
                            ? "rules compiled in {} ms (loaded as compiled at an earlier start: the files are unchanged)"
                            : "rules compiled in {} ms",
                    (System.nanoTime() - t0) / 1_000_000);
            return rules;
        };
    }

    /** The rules compiled beside the store's opening, or their error as thrown. */
    private static ServerRules compiled(FutureTask<ServerRules> compiling) throws Exception {
        try {
            return compiling.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * No keys configured: the service's own admin key, made once and kept owner-only in the data folder.
     * Printed to the terminal (not the log) only when it is made.
     */
    private static ApiKeys adminKey(Path dataDir) throws java.io.IOException {
        AdminKey.Loaded k = AdminKey.ensure(dataDir);
        if (k.created()) {
            System.out.println();
            System.out.println(
                    "No API keys are configured (WAYBILL_KEYS or --keys), so an admin key was made for you.");
            System.out.println("It is shown this once; it is kept in " + k.file() + " (readable by its owner only):");
            System.out.println();
            System.out.println("    " + k.key());
            System.out.println();
            System.out.println("Send it as: Authorization: Bearer <key>. See README, Keys.");
            System.out.println();
            System.out.flush();
        } else {
            if (AdminKey.tooOpen(k.file())) {
                LOG.warn("{} can be read by others than its owner: chmod 600 it", k.file());
            }
            LOG.info("no API keys configured: the admin key is the one in {}", k.file());
        }
        return ApiKeys.none().plus(ApiKeys.parse(k.key() + "=admin", k.file().toString()));
    }

    /** {@code --clock system|manual}, in the lower case it is spelt in. */
    static final class ClockModeConverter implements picocli.CommandLine.ITypeConverter<ServiceConfig.ClockMode> {
        @Override
        public ServiceConfig.ClockMode convert(String value) {
            try {
                return ServiceConfig.ClockMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitWhileExists(Path file) {
        while (java.nio.file.Files.exists(file)) {
            try {
                Thread.sleep(100); // a test's hook: the start-up pass thread has nothing else to do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

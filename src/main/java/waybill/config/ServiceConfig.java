package waybill.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import waybill.access.AdminKey;
import waybill.access.ApiKeys;
import waybill.engine.Budget;

/**
 * Everything the service is configured with, built once at start from flags and the environment and
 * passed by constructor. Nothing else reads flags, environment variables or system properties.
 *
 * @param port          the HTTP port (0: any free port)
 * @param rulesDir      the folder of {@code *.drl} files
 * @param dataDir       where the embedded store keeps its file
 * @param mongoUri      a MongoDB connection string; null for the embedded store
 * @param clock         the clock the service decides on
 * @param start         the manual clock's first instant (ignored with the system clock)
 * @param locationsFile the data centers' shipping addresses (YAML)
 * @param keys          the API keys and their roles (env WAYBILL_KEYS, --keys FILE); none: every request
 *                      but /health is refused (serve then makes an admin key, see {@link AdminKey})
 * @param fixturesDir   the scenarios every candidate rulebook must pass before it is activated (default: fixtures)
 * @param budget        what one decision may spend in rule firings and time (default: {@link Budget#DEFAULT})
 * @param nodeName      this service instance's name in /health, decisions ({@code decidedBy}) and rule
 *                      activations; null: {@code host:port}, known once the server listens
 * @param links         where links in answers send clients ({@code --public-url}, a trusted proxy)
 * @param throttling    the read and write budgets per key ({@code --throttle}; default {@link Throttling#DEFAULT})
 */
public record ServiceConfig(
        int port,
        Path rulesDir,
        Path dataDir,
        String mongoUri,
        ClockMode clock,
        Instant start,
        Path locationsFile,
        ApiKeys keys,
        Path fixturesDir,
        Budget budget,
        String nodeName,
        PublicLinks links,
        Throttling throttling) {
    public static final String MONGODB_URI = "MONGODB_URI";

    /** Which clock decides: the machine's, or one that moves only when told (replays, demos, tests). */
    public enum ClockMode {
        SYSTEM,
        MANUAL;

        /** The mode as {@code --clock} spells it: {@code system} or {@code manual}. */
        public String wire() {
            return waybill.json.LowerCaseEnums.wire(this);
        }

        /** {@code system} or {@code manual}; anything else is an {@link IllegalArgumentException}. */
        public static ClockMode parse(String name) {
            return waybill.json.LowerCaseEnums.parse(ClockMode.class, name)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "expected one of [system, manual] (case-sensitive) but was '" + name + "'"));
        }

        @Override
        public String toString() {
            return wire();
        }
    }

    public ServiceConfig {
        Objects.requireNonNull(rulesDir, "rulesDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(locationsFile, "locationsFile");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        if (mongoUri != null && mongoUri.isBlank()) {
            mongoUri = null;
        }
        if (start == null) {
            start = Instant.now();
        }
        if (keys == null) {
            keys = ApiKeys.none();
        }
        if (fixturesDir == null) {
            fixturesDir = Path.of("fixtures");
        }
        if (budget == null) {
            budget = Budget.DEFAULT;
        }
        if (nodeName != null && nodeName.isBlank()) {
            nodeName = null;
        }
        if (links == null) {
            links = PublicLinks.DEFAULT;
        }
        if (throttling == null) {
            throttling = Throttling.DEFAULT;
        }
    }

    /** The configuration with the default fixtures folder (change it with {@link #withFixtures}). */
    public ServiceConfig(
            int port,
            Path rulesDir,
            Path dataDir,
            String mongoUri,
            ClockMode clock,
            Instant start,
            Path locationsFile,
            ApiKeys keys) {
        this(port, rulesDir, dataDir, mongoUri, clock, start, locationsFile, keys, null, null, null, null, null);
    }

    /** The configuration without keys (add them with {@link #withKeys}). */
    public ServiceConfig(
            int port,
            Path rulesDir,
            Path dataDir,
            String mongoUri,
            ClockMode clock,
            Instant start,
            Path locationsFile) {
        this(port, rulesDir, dataDir, mongoUri, clock, start, locationsFile, ApiKeys.none());
    }

    /** The configuration from flags, with the environment filling what the flags leave out. */
    public static ServiceConfig of(
            int port,
            Path rulesDir,
            Path dataDir,
            String mongoUriFlag,
            ClockMode clock,
            Instant start,
            Path locationsFile,
            Map<String, String> env) {
        String uri = mongoUriFlag != null && !mongoUriFlag.isBlank() ? mongoUriFlag : env.get(MONGODB_URI);
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                uri,
                clock,
                start,
                locationsFile,
                ApiKeys.parse(env.get(ApiKeys.ENV), ApiKeys.ENV));
    }

    /** The same configuration with these keys instead. */
    public ServiceConfig withKeys(ApiKeys keys) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    /** The same configuration with this fixtures folder (the reload gate's scenarios). */
    public ServiceConfig withFixtures(Path fixturesDir) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    /** The same configuration with this budget per decision. */
    public ServiceConfig withBudget(Budget budget) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    /** The same configuration with this instance name (null or blank: {@code host:port}). */
    public ServiceConfig withNodeName(String nodeName) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    /** The same configuration with these links. */
    public ServiceConfig withLinks(PublicLinks links) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    /** The same configuration with these request budgets. */
    public ServiceConfig withThrottling(Throttling throttling) {
        return new ServiceConfig(
                port,
                rulesDir,
                dataDir,
                mongoUri,
                clock,
                start,
                locationsFile,
                keys,
                fixturesDir,
                budget,
                nodeName,
                links,
                throttling);
    }

    public boolean manualClock() {
        return clock == ClockMode.MANUAL;
    }

    /** The store in words, without credentials: for logs. */
    public String storeDescription() {
        if (mongoUri == null) {
            return "embedded (" + dataDir + ")";
        }
        return "MongoDB " + mongoUri.replaceAll("//[^@/]*@", "//***@");
    }
}

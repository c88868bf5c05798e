package waybill.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How many requests a key may send (docs/operations.md#throttling), as the Azure Resource Manager
 * budgets them: reads (GET, HEAD, OPTIONS) and writes (PUT, PATCH, DELETE, POST) apart, each a token
 * bucket that holds one window's budget and refills continuously over the window. The Jobs API is
 * budgeted per key and subscription ({@code /providers/} routes per key), the operators' routes per key
 * with a budget of their own. Each instance keeps its own buckets.
 *
 * @param enabled   false: nothing is throttled and no {@code x-ms-ratelimit-*} header is sent
 * @param reads     the Jobs API's reads per window, per key and subscription (ARM: 12,000 an hour)
 * @param writes    the Jobs API's writes per window, per key and subscription (ARM: 1,200 an hour)
 * @param opsReads  the operators' routes' reads per window, per key
 * @param opsWrites the operators' routes' writes per window, per key
 * @param window    the time a full budget takes to refill
 * @param nanoTime  the monotonic clock the buckets refill on ({@link System#nanoTime} unless a test sets its own)
 */
public record Throttling(
        boolean enabled,
        long reads,
        long writes,
        long opsReads,
        long opsWrites,
        Duration window,
        LongSupplier nanoTime) {
    public static final Throttling DEFAULT =
            new Throttling(true, 12_000, 1_200, 120_000, 12_000, Duration.ofHours(1), System::nanoTime);
    public static final Throttling OFF = DEFAULT.with(false);

    public Throttling {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--throttle: window must be a positive ISO-8601 duration, such as PT1H");
        }
        if (reads < 1 || writes < 1 || opsReads < 1 || opsWrites < 1) {
            throw new IllegalArgumentException("--throttle: every budget must be at least 1 request per window");
        }
        if (nanoTime == null) {
            nanoTime = System::nanoTime;
        }
    }

    /**
     * Parses {@code --throttle}: {@code off}, or comma-separated {@code NAME=VALUE} changing the defaults,
     * NAME one of {@code reads}, {@code writes}, {@code ops-reads}, {@code ops-writes} (requests per window)
     * and {@code window} (ISO-8601, such as {@code PT1H}). Null or blank: the defaults.
     */
    public static Throttling parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return DEFAULT;
        }
        if (spec.trim().equals("off")) {
            return OFF;
        }
        Throttling t = DEFAULT;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "--throttle: expected 'off' or NAME=VALUE pairs such as reads=12000,writes=1200,window=PT1H, not '"
                                + part.trim() + "'");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            t = switch (name) {
                case "reads" ->
                    new Throttling(true, count(name, value), t.writes, t.opsReads, t.opsWrites, t.window, t.nanoTime);
                case "writes" ->
                    new Throttling(true, t.reads, count(name, value), t.opsReads, t.opsWrites, t.window, t.nanoTime);
                case "ops-reads" ->
                    new Throttling(true, t.reads, t.writes, count(name, value), t.opsWrites, t.window, t.nanoTime);
                case "ops-writes" ->
                    new Throttling(true, t.reads, t.writes, t.opsReads, count(name, value), t.window, t.nanoTime);
                case "window" ->
                    new Throttling(true, t.reads, t.writes, t.opsReads, t.opsWrites, duration(value), t.nanoTime);
                default ->
                    throw new IllegalArgumentException("--throttle: unknown name '" + name
                            + "'; the names are reads, writes, ops-reads, ops-writes and window");
            };
        }
        return t;
    }

    /** The same budgets, on or off. */
    public Throttling with(boolean enabled) {
        return new Throttling(enabled, reads, writes, opsReads, opsWrites, window, nanoTime);
    }

    /** The same budgets refilled on this monotonic clock (nanoseconds). */
    public Throttling withNanoTime(LongSupplier nanoTime) {
        return new Throttling(enabled, reads, writes, opsReads, opsWrites, window, nanoTime);
    }

    private static long count(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(
                "--throttle: " + name + " must be a whole number of requests of at least 1, not '" + value + "'");
    }

    private static Duration duration(String value) {
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--throttle: window must be an ISO-8601 duration such as PT1H or PT10S, not '" + value + "'");
        }
    }
}

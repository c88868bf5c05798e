package waybill.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Locale;
import waybill.access.ApiKeys.Principal;
import waybill.config.Throttling;

/**
 * Request budgets as the Azure Resource Manager keeps them (docs/operations.md#throttling). After
 * {@link Auth} has let a request through, one token of its budget is taken: reads and writes apart, per key
 * and subscription on {@code /subscriptions/} routes, per key on {@code /providers/} routes, per key on
 * the operators' routes (their own, larger budget). The Jobs API's answers say what is left in
 * {@code x-ms-ratelimit-remaining-subscription-reads}/{@code -writes} ({@code -tenant-} on
 * {@code /providers/}); past the budget the answer is 429 {@code TooManyRequests} with {@code Retry-After}
 * in seconds, before any handler runs, so nothing is changed. The public documents carry no key and are
 * not budgeted. The buckets live in this instance only.
 */
final class Throttle {
    /** Buckets of keys not seen for a window are full again: forgetting them changes nothing. */
    private static final long MAX_BUCKETS = 100_000;

    private final Throttling config;
    private final TimeMeter meter;
    private final Cache<String, Bucket> buckets;

    Throttle(Throttling config) {
        this.config = config;
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return config.nanoTime().getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(config.window())
                .maximumSize(MAX_BUCKETS)
                .build();
    }

    void register(RoutesConfig r) {
        if (config.enabled()) {
            r.beforeMatched(this::admit); // after Auth's: only a known key that may use the route spends
        }
    }

    private void admit(Context ctx) {
        Principal p = Auth.principal(ctx);
        if (p == null) {
            return; // the public documents
        }
        Endpoint e = ctx.endpoints().matchedHttpEndpoint(); // null for a HEAD answered by its GET route
        String route = e != null ? e.path : ctx.path();
        HandlerType m = ctx.method();
        boolean read = m == HandlerType.GET || m == HandlerType.HEAD || m == HandlerType.OPTIONS;
        String kind = read ? "reads" : "writes";
        String scope;
        String header;
        long budget;
        if (route.startsWith("/subscriptions/")) {
            String sub = e != null ? ctx.pathParam("sub") : route.split("/", 4)[2];
            scope = "subscription " + sub.toLowerCase(Locale.ROOT);
            header = "x-ms-ratelimit-remaining-subscription-" + kind;
            budget = read ? config.reads() : config.writes();
        } else if (route.startsWith("/providers/")) {
            scope = "tenant";
            header = "x-ms-ratelimit-remaining-tenant-" + kind;
            budget = read ? config.reads() : config.writes();
        } else {
            scope = "ops";
            header = null; // not an Azure-shaped answer
            budget = read ? config.opsReads() : config.opsWrites();
        }
        Bucket bucket = buckets.get(p.name() + '\n' + scope + '\n' + kind, k -> bucket(budget));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (header != null) {
            ctx.header(header, String.valueOf(probe.getRemainingTokens()));
        }
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(
                    ErrorCode.TooManyRequests,
                    "this key has spent its budget of " + budget + " " + kind + " per " + config.window()
                            + (scope.equals("ops") ? " on the operators' routes" : " in this " + scope)
                            + "; nothing was changed: send the request again after " + seconds + " s",
                    "Authorization");
        }
    }

    private Bucket bucket(long budget) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(budget).refillGreedy(budget, config.window()))
                .withCustomTimePrecision(meter)
                .build();
    }
}

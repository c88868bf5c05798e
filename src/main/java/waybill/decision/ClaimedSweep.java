package waybill.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import waybill.engine.Decision;
import waybill.store.DueClaims;

/**
 * The sweep of an instance that shares its store with others: it fires only the due timers it has
 * claimed ({@link DueClaims}), batch by batch, a batch's jobs in parallel, so the instances split the due timers between them and
 * each is decided once, by one instance, without a lost race per timer. A claim is released once its
 * timer is fired; the claims of an instance killed mid-sweep expire after {@link #LEASE} and any
 * instance's next sweep takes them over: a due timer waits at most {@link #LEASE} plus one sweep period
 * (1 s) past its holder's death.
 */
public final class ClaimedSweep {
    /** How long a claim holds: far longer than firing a batch takes, short enough to take over quickly. */
    public static final Duration LEASE = Duration.ofSeconds(10);
    /** Timers claimed at once: small, so that the instances interleave over a long backlog. */
    public static final int BATCH = 32;

    private final DueClaims claims;
    private final Decisions decisions;
    private final Supplier<String> node;
    private final Executor pool;

    /** Fires a batch's timers one after another, on the sweeping thread. */
    public ClaimedSweep(DueClaims claims, Decisions decisions, Supplier<String> node) {
        this(claims, decisions, node, DueSweep.INLINE);
    }

    /** @param pool runs a batch's firings in parallel: the service's timer pool, the one its own sweeps use */
    public ClaimedSweep(DueClaims claims, Decisions decisions, Supplier<String> node, Executor pool) {
        this.claims = claims;
        this.decisions = decisions;
        this.node = node;
        this.pool = pool;
    }

    /**
     * Fires every due timer at or before {@code now} that this instance can claim, a batch's jobs in
     * parallel (on the sweep's pool, as {@link DueSweep} fires them alone); answers how many.
     */
    public int fire(Instant now) {
        int fired = 0;
        java.util.Set<waybill.timers.Due> tried = new java.util.HashSet<>();
        List<DueClaims.Claim> batch;
        while (!(batch = claims.claim(now, BATCH, node.get(), LEASE)).isEmpty()) {
            List<Future<Optional<Decision>>> running = new ArrayList<>();
            boolean fresh = false;
            for (DueClaims.Claim c : batch) { // one claim per job: the jobs are independent
                if (!tried.add(c.due())) {
                    claims.release(c); // a timer that failed or waits for its retry stays due: tried once a sweep
                    continue;
                }
                fresh = true;
                running.add(DueSweep.submit(pool, () -> {
                    try {
                        return decisions.fire(c.due());
                    } finally {
                        claims.release(c);
                    }
                }));
            }
            RuntimeException failed = null;
            for (Future<Optional<Decision>> f : running) {
                try {
                    if (DueSweep.join(f).isPresent()) {
                        fired++;
                    }
                } catch (RuntimeException e) {
                    failed = failed == null ? e : failed; // every firing of the batch ends before it is told
                }
            }
            if (failed != null) {
                throw failed;
            }
            if (!fresh) {
                break;
            }
        }
        return fired;
    }
}

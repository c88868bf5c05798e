package waybill.rulesops;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.engine.RuleCompileException;
import waybill.engine.RuleError;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.rulesops.history.ActivationLog;
import waybill.rulesops.history.Published;

/**
 * Keeps this instance on the newest rulebook activated by any instance sharing the store: each
 * {@link #poll()} reads the newest activation's number (a tiny indexed read) and, when it is new or this
 * instance's rulebook differs from it, compiles its published files and swaps them in atomically (no gate:
 * the instance that activated it ran the gate). A rulebook that does not compile here is not served: the
 * last good one stays whole, and {@link RulesHolder#followFailure()} says so. Polled every
 * {@link #EVERY}, so every instance serves a new activation within about that plus a compile; the store
 * offers no change streams on the embedded server, and a poll is cheap.
 */
public final class RulesFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesFollower.class);
    public static final Duration EVERY = Duration.ofSeconds(1);

    private final RulesHolder rules;
    private final ActivationLog log;
    private final Clock clock;
    private long seen;
    private String seenRevision;
    private ScheduledFuture<?> polling;

    public RulesFollower(RulesHolder rules, ActivationLog log, Clock clock) {
        this.rules = rules;
        this.log = log;
        this.clock = clock;
    }

    /**
     * At start: the instance takes the newest activation kept (the cluster's rulebook) rather than impose
     * its folder on the others; with none kept yet (the first instance), or only activations kept without
     * their files (by a version before rulebooks travelled through the store), its own rulebook is published.
     */
    public synchronized void join() {
        long newest = log.newestSequence();
        if (newest == 0 || log.published(newest).map(p -> p.files().isEmpty()).orElse(true)) {
            rules.publishStart();
        }
        poll();
    }

    /** Follows the newest activation if this instance does not serve it yet. True when it swapped rulebooks. */
    public synchronized boolean poll() {
        long newest = log.newestSequence();
        if (newest == 0) {
            return false;
        }
        String active = rules.get().revision();
        FollowFailure failed = rules.followFailure();
        if ((newest == seen && active.equals(seenRevision)) || (failed != null && failed.sequence() == newest)) {
            return false;
        }
        Optional<Published> published = log.published(newest);
        if (published.isEmpty()) {
            return false;
        }
        Published p = published.get();
        seen = newest;
        seenRevision = p.activation().revision();
        if (seenRevision.equals(active)) {
            rules.named(p.activation()); // the same rules: say who activated them
            rules.followFailed(null);
            return false;
        }
        if (p.files().isEmpty()) {
            seenRevision = active; // kept by an earlier version, without files: nothing to follow
            return false;
        }
        try {
            Rulebook candidate = RulebookLoader.compile(p.files(), clock.instant(), rules.budget());
            rules.swap(candidate, p.activation(), p.files());
            rules.followed(p.activation());
            rules.followFailed(null);
            LOG.info(
                    "rules follow the cluster: revision {} activated by {} ({}) replaces {}",
                    seenRevision,
                    p.activation().node(),
                    p.activation().trigger(),
                    active);
            return true;
        } catch (RuleCompileException e) {
            FollowFailure f = new FollowFailure(
                    newest,
                    seenRevision,
                    p.activation().node(),
                    clock.instant(),
                    e.errors(),
                    "revision " + seenRevision + ", activated by "
                            + p.activation().node()
                            + ", does not compile on this instance ("
                            + e.errors().size() + " error(s)); revision "
                            + active + " stays active here: this instance is degraded");
            rules.followFailed(f);
            LOG.error(
                    "{}:\n    {}",
                    f.message(),
                    String.join(
                            "\n    ",
                            e.errors().stream().map(RuleError::toString).toList()));
            return false;
        }
    }

    /** Polls every {@link #EVERY} on {@code thread} (its owner's, who shuts it down); a poll that fails (the store away) is tried again at the next. */
    public synchronized RulesFollower start(ScheduledExecutorService thread) {
        polling = thread.scheduleWithFixedDelay(
                this::pollQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.debug("following the rules activations: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (polling != null) {
            polling.cancel(true);
        }
    }
}

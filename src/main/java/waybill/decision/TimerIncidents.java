package waybill.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import waybill.engine.RuleFailure;
import waybill.timers.Due;

/**
 * Due timers the rules failed to decide. A failing timer does not stop the others: it is noted here and
 * retried with backoff on the service's clock ({@link #FIRST_RETRY}, doubling), not at every sweep; after
 * {@link #ATTEMPTS} failures under one rules revision it is parked as an <em>incident</em> and not retried
 * by itself. A change of the rules makes every failure due again (the next sweep retries it under the new
 * rules, and drops it when it fires); an operator may retry one at once, or resolve it: it is then not
 * retried under these rules, and the failure records who resolved it and when. Kept by this instance, in
 * memory: a restart retries every failing timer afresh.
 */
public final class TimerIncidents {
    /** Failures under one revision before the timer is parked. */
    public static final int ATTEMPTS = 5;
    /** The wait after the first failure; each further failure doubles it (1, 2, 4, 8 minutes). */
    public static final Duration FIRST_RETRY = Duration.ofMinutes(1);

    /**
     * Retrying: waits for its next try; Incident: parked until the rules change or an operator retries;
     * Resolved: closed by an operator without a retry, not tried again until the rules change.
     */
    public enum State {
        Retrying,
        Incident,
        Resolved
    }

    /** Parked incidents first, then those retrying, then those resolved. */
    private static final List<State> ORDER = List.of(State.Incident, State.Retrying, State.Resolved);

    /** One failing timer: the job, its deadline, the rule that failed and where it is written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(
            String id,
            String jobId,
            String deadline,
            Instant due,
            String rule,
            String where,
            String message,
            String revision,
            int attempts,
            Instant firstFailedAt,
            Instant lastFailedAt,
            Instant nextRetryAt,
            State state,
            String resolvedBy,
            Instant resolvedAt) {

        Failure with(int attempts, Instant nextRetryAt, State state, String resolvedBy, Instant resolvedAt) {
            return new Failure(
                    id,
                    jobId,
                    deadline,
                    due,
                    rule,
                    where,
                    message,
                    revision,
                    attempts,
                    firstFailedAt,
                    lastFailedAt,
                    nextRetryAt,
                    state,
                    resolvedBy,
                    resolvedAt);
        }
    }

    private final Clock clock;
    private final Supplier<String> revision;
    private final java.util.function.BiConsumer<Due, RuleFailure> noted;
    private final Map<String, Failure> byKey = new LinkedHashMap<>();
    private long ids;

    /**
     * @param revision the rules revision in use now
     * @param noted told of every failure as it happens (logged and counted by {@link Decisions})
     */
    TimerIncidents(Clock clock, Supplier<String> revision, java.util.function.BiConsumer<Due, RuleFailure> noted) {
        this.clock = clock;
        this.revision = revision;
        this.noted = noted;
    }

    /** True when the timer may be fired now: it has not failed, or its retry is due, or the rules changed. */
    synchronized boolean mayFire(Due due) {
        Failure f = byKey.get(key(due));
        if (f == null || !f.revision().equals(revision.get())) {
            return true;
        }
        return f.state() == State.Retrying && !clock.instant().isBefore(f.nextRetryAt());
    }

    /** The timer fired: it is no longer failing. */
    synchronized void fired(Due due) {
        byKey.remove(key(due));
    }

    /** The rules failed to decide the timer: noted, with its next try or parked; the failure as it stands. */
    Failure failed(Due due, RuleFailure e) {
        noted.accept(due, e);
        return note(due, e);
    }

    private synchronized Failure note(Due due, RuleFailure e) {
        Instant now = clock.instant();
        Failure before = byKey.get(key(due));
        boolean again = before != null && before.revision().equals(e.revision());
        int attempts = again ? before.attempts() + 1 : 1;
        State state = attempts >= ATTEMPTS ? State.Incident : State.Retrying;
        Instant next = state == State.Incident ? null : now.plus(FIRST_RETRY.multipliedBy(1L << (attempts - 1)));
        Failure f = new Failure(
                before != null ? before.id() : "incident-" + (++ids),
                due.jobId(),
                due.name().wire(),
                due.at(),
                e.rule(),
                e.at(),
                e.getMessage(),
                e.revision(),
                attempts,
                again ? before.firstFailedAt() : now,
                now,
                next,
                state,
                null,
                null);
        byKey.put(key(due), f);
        return f;
    }

    /** Every failing timer under the rules in use now: parked ones first, then retrying, then resolved; then by job. */
    public synchronized List<Failure> list() {
        String current = revision.get();
        List<Failure> out = new ArrayList<>();
        for (Failure f : byKey.values()) {
            if (f.revision().equals(current)) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing((Failure f) -> ORDER.indexOf(f.state())).thenComparing(Failure::jobId));
        return out;
    }

    /** The failing timers of one job under the rules in use now. */
    public List<Failure> of(String jobId) {
        return list().stream().filter(f -> f.jobId().equals(jobId)).toList();
    }

    /** How many timers are parked as incidents now. */
    public long incidents() {
        return list().stream().filter(f -> f.state() == State.Incident).count();
    }

    /** How many failing timers wait for their next try now. */
    public long retrying() {
        return list().stream().filter(f -> f.state() == State.Retrying).count();
    }

    /** The failing timer with this id, under the rules in use now. */
    public Optional<Failure> find(String id) {
        return list().stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** Makes a failing timer due for its next sweep at once; the failure, or empty when no such id. */
    public synchronized Optional<Failure> retryNow(String id) {
        for (Map.Entry<String, Failure> e : byKey.entrySet()) {
            Failure f = e.getValue();
            if (f.id().equals(id)) {
                Failure due = f.with(Math.max(0, f.attempts() - 1), clock.instant(), State.Retrying, null, null);
                e.setValue(due);
                return Optional.of(due);
            }
        }
        return Optional.empty();
    }

    /**
     * An operator closes a failing timer without a retry: it is not tried again under the rules in use,
     * and records {@code by} (the key's name) and when. The failure as resolved (unchanged when it already
     * was), or empty when no failing timer under the rules in use has this id.
     */
    public synchronized Optional<Failure> resolve(String id, String by) {
        String current = revision.get();
        for (Map.Entry<String, Failure> e : byKey.entrySet()) {
            Failure f = e.getValue();
            if (f.id().equals(id) && f.revision().equals(current)) {
                if (f.state() != State.Resolved) {
                    e.setValue(f.with(f.attempts(), null, State.Resolved, by, clock.instant()));
                }
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private static String key(Due due) {
        return due.jobId() + "\n" + due.name().wire() + "\n" + due.at();
    }
}

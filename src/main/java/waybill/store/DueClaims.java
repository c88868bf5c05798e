package waybill.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import waybill.timers.Due;

/**
 * Due timers shared by the instances of one store without doubled work: an instance claims a job's due
 * timer with a lease held in the store, fires it, and releases it; the others skip the jobs leased by
 * someone else. A lease that is not released (its instance was killed mid-sweep) expires and is taken
 * over by the next sweep of any instance. Only a store that instances share offers it.
 */
public interface DueClaims {
    /** A due timer this instance holds the lease of, until {@code until}. */
    record Claim(Due due, String node, Instant until) {}

    /**
     * Claims up to {@code max} due timers (at or before {@code now}) of jobs no other instance holds an
     * unexpired lease on, earliest first, each leased to {@code node} for {@code lease}; re-read before
     * answering, so each is due. Empty when none is left unclaimed.
     */
    List<Claim> claim(Instant now, int max, String node, Duration lease);

    /** The timer was fired (or could not be): the lease ends and the job is free to claim again. */
    void release(Claim claim);
}

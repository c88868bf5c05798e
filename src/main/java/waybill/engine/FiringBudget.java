package waybill.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time left to the decision running on this thread, checked between firings ({@link Recorder}) and from
 * inside rule code. {@link FiringChecks} rewrites the classes compiled from the rule files to call {@link
 * #check()} on entering each method and before each backward jump, so a single firing that loops (a {@code
 * while} over arithmetic, a long {@code for}) is interrupted once the decision is past its {@link Budget}:
 * {@link Overrun} unwinds out of the rule and the engine refuses the decision. A single long call into a library
 * method the vocabulary allows is not interrupted; the check comes when it returns.
 *
 * <p>The budget is the deciding thread's CPU time, not the time on the wall: on a machine loaded by other work
 * a decision waits for a core without spending its budget, so the same input is never refused for the load
 * around it. The wall clock is looked at first, as it is cheap: a thread's CPU time runs no faster than the
 * wall, so before the budget has passed on the wall it cannot have passed in CPU, and the thread's CPU time is
 * read only after that, and then again only once the CPU left could have been spent.
 */
public final class FiringBudget {
    /** No decision on this thread: rule code runs unchecked (building the rulebook, its declarations). */
    private static final long NONE = Long.MIN_VALUE;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    private FiringBudget() {}

    /** The decision on one thread: the wall instant before which it cannot be over, and its CPU deadline. */
    private static final class Slot {
        long wall = NONE;
        long cpu;
        int countdown;
    }

    /** What {@link #start} replaced, for {@link #restore}. */
    record Saved(long wall, long cpu) {}

    /**
     * Thrown from rule code past the decision's deadline. An {@link Error}, so that neither a rule's {@code
     * catch (Exception e)} nor the wrapping Drools puts around a function's body and a consequence takes it.
     */
    static final class Overrun extends Error {
        Overrun() {
            super("the decision ran past its time budget inside a firing", null, false, false);
        }
    }

    /** Rule code looks at the time once in this many checks: a check is then a thread-local read and a count. */
    static final int EVERY = 256;

    /** Called from rule code: past the budget of the decision on this thread, unwinds it. */
    public static void check() {
        Slot s = SLOT.get();
        if (s.wall == NONE || --s.countdown > 0) {
            return;
        }
        s.countdown = EVERY;
        if (past(s)) {
            throw new Overrun();
        }
    }

    /** Whether the decision on this thread has spent its budget (false outside a decision). */
    static boolean past() {
        Slot s = SLOT.get();
        return s.wall != NONE && past(s);
    }

    private static boolean past(Slot s) {
        long now = System.nanoTime();
        if (now - s.wall <= 0) {
            return false;
        }
        long left = s.cpu - cpuNow();
        if (left <= 0) {
            return true;
        }
        s.wall = now + left; // not over before the CPU left has been spent, at the earliest on the wall
        return false;
    }

    /** Rule code on this thread is held to {@code budgetNanos} of CPU time from now; answers what was before. */
    static Saved start(long budgetNanos) {
        Slot s = SLOT.get();
        Saved before = new Saved(s.wall, s.cpu);
        s.wall = System.nanoTime() + budgetNanos;
        s.cpu = cpuNow() + budgetNanos;
        s.countdown = 1; // the first check looks
        return before;
    }

    /** Puts back what {@link #start} answered (no decision, outside one). */
    static void restore(Saved before) {
        Slot s = SLOT.get();
        s.wall = before.wall();
        s.cpu = before.cpu();
    }

    private static long cpuNow() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}

package waybill.engine;

/**
 * The time left to the decision running on this thread, checked from inside rule code. {@link FiringChecks}
 * rewrites the classes compiled from the rule files to call {@link #check()} on entering each method and before
 * each backward jump, so a single firing that loops (a {@code while} over arithmetic, a long {@code for}) is
 * interrupted once the decision is past its {@link Budget}: {@link Overrun} unwinds out of the rule and the engine
 * refuses the decision. A single long call into a library method the vocabulary allows is not interrupted; the
 * check comes when it returns.
 */
public final class FiringBudget {
    /** No decision on this thread: rule code runs unchecked (building the rulebook, its declarations). */
    private static final long NONE = Long.MIN_VALUE;

    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[] {NONE});

    private FiringBudget() {}

    /**
     * Thrown from rule code past the decision's deadline. An {@link Error}, so that neither a rule's {@code
     * catch (Exception e)} nor the wrapping Drools puts around a function's body and a consequence takes it.
     */
    static final class Overrun extends Error {
        Overrun() {
            super("the decision ran past its time budget inside a firing", null, false, false);
        }
    }

    /** Called from rule code: past the deadline of the decision on this thread, unwinds it. */
    public static void check() {
        long deadline = DEADLINE.get()[0];
        if (deadline != NONE && System.nanoTime() - deadline > 0) {
            throw new Overrun();
        }
    }

    /** Rule code on this thread is held to this deadline ({@link System#nanoTime()}); answers the one before. */
    static long start(long deadlineNanos) {
        long[] slot = DEADLINE.get();
        long before = slot[0];
        slot[0] = deadlineNanos;
        return before;
    }

    /** Puts back the deadline {@link #start} answered (none, outside a decision). */
    static void restore(long before) {
        DEADLINE.get()[0] = before;
    }
}

package waybill.delivery;

/**
 * One event a committed decision makes: the decision itself ({@code index} -1) or one of its actions
 * ({@code index} its place in the decision). {@code json} is the CloudEvents 1.0 JSON body as sent.
 *
 * @param actionType the action's type, null for the decision's own event
 * @param factType   the type of the fact decided
 * @param jobState   the job's state after the decision (null when it deletes the job)
 */
record Event(
        String id,
        String type,
        String jobId,
        long version,
        int index,
        String actionType,
        String factType,
        String jobState,
        String json) {
    static final int DECISION = -1;

    boolean isAction() {
        return index != DECISION;
    }
}

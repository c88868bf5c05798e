package waybill.delivery;

import waybill.store.Delivery;

/** Sends one entry: returns when the target took it; throws {@link Failure} saying why not. */
interface Channel {
    void send(Delivery d) throws Failure;

    /**
     * Why an attempt did not deliver, in words for {@code lastError} (never the target's personal data).
     * {@code permanent}: trying again cannot help (the webhook was removed, the job has no address left).
     */
    final class Failure extends Exception {
        final boolean permanent;

        Failure(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }

        Failure(String message) {
            this(message, false);
        }
    }
}

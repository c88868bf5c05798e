package waybill.store;

/**
 * The store cannot be reached (a MongoDB that is down, partitioned away or electing a primary): the
 * operation was given up within the store's bounded timeouts and nothing was acknowledged. A write may
 * still have been applied; sent again, a fact with a factId answers its first decision. The HTTP edge
 * answers 503 with Retry-After.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package waybill.delivery;

/**
 * A webhook change that conflicts with what exists: an id already taken, or a webhook of the configuration
 * file, which only the file changes. The HTTP edge answers 409.
 */
public class WebhookConflictException extends RuntimeException {
    public WebhookConflictException(String message) {
        super(message);
    }
}

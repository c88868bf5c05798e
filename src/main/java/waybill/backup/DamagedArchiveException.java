package waybill.backup;

/** A backup archive restore refuses: not one, of a version it does not read, truncated or altered. */
public final class DamagedArchiveException extends RuntimeException {
    public DamagedArchiveException(String message) {
        super(message);
    }

    public DamagedArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

package waybill.api;

import waybill.engine.Refusal;

/** Every error the HTTP API answers, with its status. Translated to a response in one place: {@link ErrorHandler}. */
public enum ErrorCode {
    MissingApiVersion(400),
    InvalidApiVersion(400),
    InvalidRequestContent(400),
    InvalidQueryParameter(400),
    InvalidLocation(400),
    InvalidRequest(400),
    AuthenticationFailed(401),
    AuthorizationFailed(403),
    /** A resource a request names (a job's storage account) is in a subscription the key does not cover. */
    LinkedAuthorizationFailed(403),
    SubscriptionNotFound(404),
    ResourceNotFound(404),
    RouteNotFound(404),
    Conflict(409),
    ClockNotManual(409),
    RequestContentTooLarge(413),
    UnsupportedMediaType(415),
    /** The key has spent its read or write budget (docs/operations.md#throttling): sent again after Retry-After. */
    TooManyRequests(429),
    RulesDoNotCompile(422),
    RulesFailFixtures(422),
    /** A rule threw while deciding: the request was fine, the rules are at fault (the message names the rule). */
    RuleFailed(500),
    /** A decision went past its budget of rule firings or time (a looping rule): the rules are at fault. */
    RuleBudgetExceeded(500),
    InternalError(500),
    /** The store cannot be reached: nothing was acknowledged; sent again after Retry-After, a fact is decided once. */
    ServiceUnavailable(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The code for a rule's refusal: the request is wrong, the job's state forbids it, or there is no such job. */
    public static ErrorCode of(Refusal.Kind kind) {
        if (kind == null) {
            return InvalidRequest;
        }
        return switch (kind) {
            case Invalid -> InvalidRequest;
            case Conflict -> Conflict;
            case NotFound -> ResourceNotFound;
        };
    }
}

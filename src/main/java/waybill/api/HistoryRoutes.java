package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import waybill.access.Redact;
import waybill.store.Store;

/** {@code /ops/history} (api.md §2): a job's decisions, BitLocker keys redacted. */
final class HistoryRoutes {
    private final Store store;
    private final ApiJson json;

    HistoryRoutes(Store store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/ops/history", this::history);
    }

    private void history(Context ctx) {
        String jobId = ctx.queryParam("jobId");
        if (jobId == null || jobId.isBlank()) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter, "jobId is required: the job's full resource id", "jobId");
        }
        ctx.json(Redact.bitLockerKeys(json.mapper().valueToTree(store.history(jobId))));
    }
}

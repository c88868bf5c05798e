package waybill.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import waybill.store.ActionRecord;
import waybill.store.Store;

/** {@code /ops/actions} (api.md §2): the action queue the rules fill, and completing an action. */
final class ActionsRoutes {
    private final Store store;
    private final Clock clock;

    ActionsRoutes(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        r.get("/ops/actions", this::actions);
        r.post("/ops/actions/{id}/complete", this::complete);
    }

    private void actions(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !status.equals(ActionRecord.OPEN) && !status.equals(ActionRecord.DONE)) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "status must be open or done (or absent for all), not '" + status + "'",
                    "status");
        }
        ctx.json(store.actions(status));
    }

    private void complete(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(store.completeAction(id, clock.instant(), Auth.name(ctx))
                .orElseThrow(() -> new ApiException(
                        ErrorCode.ResourceNotFound,
                        "action " + id + " does not exist; GET /ops/actions lists them",
                        id)));
    }
}

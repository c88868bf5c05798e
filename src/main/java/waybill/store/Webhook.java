package waybill.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A system subscribed to Waybill's events: where to send them, the secret they are signed with (never
 * answered by the API), and which events it wants. {@code origin} says whether it came from the
 * configuration file (fixed while the service runs) or from {@code POST /ops/webhooks} (kept in the store).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(String id, String url, @JsonIgnore String secret, Filter filter, String origin) {
    public static final String CONFIG = "config";
    public static final String API = "api";

    /**
     * Which events a webhook receives. {@code actions}: the action types (null: every action; empty:
     * none). {@code decisions}: also every decision (one event per accepted fact). {@code decisionTypes}:
     * only decisions on these fact types (null: all). {@code jobStates}: only events whose job is, after
     * the decision, in one of these states (null: any).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filter(List<String> actions, Boolean decisions, List<String> decisionTypes, List<String> jobStates) {
        public static final Filter ALL_ACTIONS = new Filter(null, false, null, null);

        public boolean wantsAction(String actionType, String jobState) {
            return (actions == null || actions.contains(actionType)) && inState(jobState);
        }

        public boolean wantsDecision(String factType, String jobState) {
            return Boolean.TRUE.equals(decisions)
                    && (decisionTypes == null || decisionTypes.contains(factType))
                    && inState(jobState);
        }

        private boolean inState(String jobState) {
            return jobStates == null || (jobState != null && jobStates.contains(jobState));
        }
    }
}

package waybill.api;

import java.util.List;
import waybill.store.Webhook;

/**
 * The body of {@code POST /ops/webhooks}; the id is made up when absent. Classes with setters, not
 * records: an absent field stays null (a record's constructor would refuse it), an explicit null is refused.
 */
final class WebhookRequest {
    private String id;
    private String url;
    private String secret;
    private Filter filter;

    public void setId(String v) {
        id = v;
    }

    public void setUrl(String v) {
        url = v;
    }

    public void setSecret(String v) {
        secret = v;
    }

    public void setFilter(Filter v) {
        filter = v;
    }

    String id() {
        return id;
    }

    String url() {
        return url;
    }

    String secret() {
        return secret;
    }

    Webhook.Filter filter() {
        return filter == null
                ? null
                : new Webhook.Filter(filter.actions, filter.decisions, filter.decisionTypes, filter.jobStates);
    }

    static final class Filter {
        private List<String> actions;
        private Boolean decisions;
        private List<String> decisionTypes;
        private List<String> jobStates;

        public void setActions(List<String> v) {
            actions = v;
        }

        public void setDecisions(Boolean v) {
            decisions = v;
        }

        public void setDecisionTypes(List<String> v) {
            decisionTypes = v;
        }

        public void setJobStates(List<String> v) {
            jobStates = v;
        }
    }
}

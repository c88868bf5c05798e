package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import waybill.store.Webhook;

/** Which targets an event goes to: the webhooks' filters, and whose mail an action is. */
class TargetsTest {
    static Event action(String type, String state) {
        return new Event("e", "waybill.action." + type, "/j", 3, 0, type, "TimerFired", state, "{}");
    }

    static Event decision(String fact, String state) {
        return new Event("e", "waybill.decision", "/j", 3, Event.DECISION, null, fact, state, "{}");
    }

    static Webhook hook(String id, Webhook.Filter f) {
        return new Webhook(id, "http://h/", "0123456789abcdef", f, Webhook.API);
    }

    @Test
    void filtersChooseByActionTypeDecisionTypeAndJobState() {
        List<Webhook> hooks = List.of(
                hook("all-actions", Webhook.Filter.ALL_ACTIONS),
                hook("notify", new Webhook.Filter(List.of("NotifyOperators"), null, null, null)),
                hook("no-actions", new Webhook.Filter(List.of(), true, null, null)),
                hook("arrivals", new Webhook.Filter(List.of(), true, List.of("PackageArrived"), null)),
                hook("faulted", new Webhook.Filter(null, true, null, List.of("Faulted"))));
        assertEquals(
                List.of("webhook:all-actions", "webhook:notify", Targets.OPERATORS),
                Targets.of(action("NotifyOperators", "Shipping"), hooks, true, true));
        assertEquals(
                List.of("webhook:all-actions", "webhook:faulted", Targets.OPERATORS),
                Targets.of(action("DestroyDrives", "Faulted"), hooks, true, true));
        assertEquals(
                List.of("webhook:all-actions", Targets.CUSTOMER),
                Targets.of(action("ContactCustomer", "Shipping"), hooks, true, true),
                "the customer's actions go to the customer, not to the operators");
        assertEquals(
                List.of("webhook:all-actions"), Targets.of(action("NotifyCustomer", "Shipping"), hooks, true, false));
        assertEquals(
                List.of("webhook:no-actions", "webhook:arrivals"),
                Targets.of(decision("PackageArrived", "Received"), hooks, true, true));
        assertEquals(
                List.of("webhook:no-actions", "webhook:faulted"),
                Targets.of(decision("Fault", "Faulted"), hooks, true, true));
        assertEquals(
                List.of("webhook:no-actions"),
                Targets.of(decision("DeleteJob", null), hooks, true, true),
                "a deleted job is in no state");
    }
}

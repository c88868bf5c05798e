package waybill.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import waybill.store.Webhook;

/** Who receives an event: the webhooks whose filter wants it, and the mail of the action's people. */
final class Targets {
    static final String WEBHOOK = "webhook:";
    static final String OPERATORS = "mail:operators";
    static final String CUSTOMER = "mail:customer";
    /** The actions that are the customer's to hear about; every other action is the operators'. */
    static final Set<String> CUSTOMER_ACTIONS = Set.of("NotifyCustomer", "ContactCustomer");

    private Targets() {}

    static List<String> of(Event e, List<Webhook> webhooks, boolean operatorsMail, boolean customerMail) {
        List<String> out = new ArrayList<>();
        for (Webhook w : webhooks) {
            boolean wants = e.isAction()
                    ? w.filter().wantsAction(e.actionType(), e.jobState())
                    : w.filter().wantsDecision(e.factType(), e.jobState());
            if (wants) {
                out.add(WEBHOOK + w.id());
            }
        }
        if (e.isAction()) {
            if (CUSTOMER_ACTIONS.contains(e.actionType())) {
                if (customerMail) {
                    out.add(CUSTOMER);
                }
            } else if (operatorsMail) {
                out.add(OPERATORS);
            }
        }
        return out;
    }
}

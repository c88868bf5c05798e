package waybill.delivery;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import waybill.engine.ActionType;
import waybill.fact.Fact;
import waybill.job.JobState;
import waybill.store.DeliveryLog;
import waybill.store.Webhook;

/**
 * The subscriptions: the configuration file's (fixed) and those added through {@code /ops/webhooks} (kept
 * in the store, so every instance sharing it sees them). Checks what a subscription must be.
 */
public final class Webhooks {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MIN_SECRET = 16;
    private static final Set<String> ACTIONS =
            Arrays.stream(ActionType.values()).map(Enum::name).collect(Collectors.toSet());
    private static final Set<String> STATES =
            Arrays.stream(JobState.values()).map(Enum::name).collect(Collectors.toSet());
    private static final Set<String> FACTS = Arrays.stream(
                    Fact.class.getAnnotation(JsonSubTypes.class).value())
            .map(t -> t.value().getSimpleName())
            .collect(Collectors.toSet());

    private final List<Webhook> configured;
    private final DeliveryLog log;
    private final Runnable subscribing;
    private final EgressPolicy egress;

    /**
     * @param subscribing runs before a webhook is added: delivery starts deriving, if it had nothing to
     * @param egress      where an added webhook's URL may point
     */
    Webhooks(List<Webhook> configured, DeliveryLog log, Runnable subscribing, EgressPolicy egress) {
        this.configured = List.copyOf(configured);
        this.log = log;
        this.subscribing = subscribing;
        this.egress = egress;
    }

    /** Every subscription, the file's first. */
    public List<Webhook> all() {
        List<Webhook> out = new ArrayList<>(configured);
        out.addAll(log.webhooks());
        return out;
    }

    public Optional<Webhook> find(String id) {
        return all().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /**
     * Adds a subscription; {@link IllegalArgumentException} says what is wrong with it, {@link
     * WebhookConflictException} that the id is taken.
     */
    public Webhook add(String id, String url, String secret, Webhook.Filter filter) {
        check(id, url, secret, filter, "webhook");
        allowed(egress, url, "webhook");
        if (find(id).isPresent()) {
            throw new WebhookConflictException(
                    "a webhook with the id '" + id + "' exists; DELETE it first or choose another id");
        }
        Webhook w = new Webhook(id, url, secret, filter == null ? Webhook.Filter.ALL_ACTIONS : filter, Webhook.API);
        subscribing.run();
        log.addWebhook(w);
        return w;
    }

    /** Removes an API subscription: false when there is none; {@link WebhookConflictException} for the file's. */
    public boolean remove(String id) {
        if (configured.stream().anyMatch(w -> w.id().equals(id))) {
            throw new WebhookConflictException(
                    "the webhook '" + id + "' comes from the configuration file; remove it there");
        }
        return log.removeWebhook(id);
    }

    static void check(String id, String url, String secret, Webhook.Filter filter, String where) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where
                    + ": id must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), not '"
                    + id + "'");
        }
        URI u;
        try {
            u = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException(
                    where + ": url must be an absolute http or https URL, not '" + url + "'");
        }
        if (secret == null || secret.length() < MIN_SECRET) {
            throw new IllegalArgumentException(where + ": secret must be at least " + MIN_SECRET
                    + " characters (the receiver checks the signature with it)");
        }
        if (filter != null) {
            known(filter.actions(), ACTIONS, where + ": filter.actions");
            known(filter.decisionTypes(), FACTS, where + ": filter.decisionTypes");
            known(filter.jobStates(), STATES, where + ": filter.jobStates");
        }
    }

    /** {@link IllegalArgumentException} naming the URL and why, when the policy refuses it as written. */
    static void allowed(EgressPolicy egress, String url, String where) {
        egress.refusal(url).ifPresent(why -> {
            throw new IllegalArgumentException(where + ": url '" + url + "' is refused by the egress policy: " + why
                    + " (the deliveries file's egress section can allow it)");
        });
    }

    private static void known(List<String> given, Set<String> allowed, String where) {
        if (given == null) {
            return;
        }
        for (String g : given) {
            if (!allowed.contains(g)) {
                throw new IllegalArgumentException(where + ": '" + g + "' is not one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }
}

package waybill.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import waybill.json.Mappers;
import waybill.store.Webhook;

/**
 * How events leave the service (docs/operations.md#deliveries): the webhooks of the configuration file,
 * the SMTP server and the operators' addresses, the retry schedule, the claim lease, and when delivery
 * counts as backed up. Read once at start from {@code serve --deliveries FILE} (YAML).
 *
 * @param enabled       false: no event is derived or sent (the routes still answer)
 * @param source        the CloudEvents {@code source} of every event
 * @param webhooks      subscriptions that are fixed while the service runs ({@code /ops/webhooks} adds others)
 * @param mail          the SMTP server and addresses; null: no mail
 * @param retry         the backoff schedule and how long an entry is tried before it is failed
 * @param lease         how long an instance's claim on an entry holds without a word from it
 * @param backedUpAfter the age of the oldest pending entry past which {@code /health} says delivery is backed up
 * @param workers       how many entries are sent at once (each lane, one target and one job, one at a time)
 * @param egress        which non-public addresses webhooks may reach (none unless allowed: {@link EgressPolicy})
 */
public record DeliveryConfig(
        Boolean enabled,
        URI source,
        List<ConfiguredWebhook> webhooks,
        Mail mail,
        Retry retry,
        Duration lease,
        Duration backedUpAfter,
        Integer workers,
        Egress egress) {

    /**
     * @param allowPrivateNetworks true: webhooks may reach any address (loopback, private, link-local, metadata)
     * @param allowedCidrs         the non-public ranges webhooks may reach ({@code 10.20.0.0/16}, {@code ::1/128})
     */
    public record Egress(Boolean allowPrivateNetworks, List<String> allowedCidrs) {
        /** Every address: for tests whose receiver listens on loopback. */
        public static final Egress ANYWHERE = new Egress(true, null);
    }

    /** Without an egress section: webhooks reach public addresses only. */
    public DeliveryConfig(
            Boolean enabled,
            URI source,
            List<ConfiguredWebhook> webhooks,
            Mail mail,
            Retry retry,
            Duration lease,
            Duration backedUpAfter,
            Integer workers) {
        this(enabled, source, webhooks, mail, retry, lease, backedUpAfter, workers, null);
    }

    /** A webhook as the file spells it (the filter as {@code POST /ops/webhooks} takes it). */
    public record ConfiguredWebhook(String id, String url, String secret, Webhook.Filter filter) {}

    /**
     * @param operators where the operators' actions go (NotifyOperators, ReturnDrives, ReturnExtraDrives,
     *                  DestroyDrives); NotifyCustomer and ContactCustomer go to the job's contact e-mail
     */
    public record Mail(
            String host,
            Integer port,
            String username,
            String password,
            Boolean startTls,
            String from,
            List<String> operators) {}

    /**
     * @param initial the wait after the first failed attempt; each further failure doubles it (with jitter)
     * @param max     the longest wait between two attempts
     * @param giveUpAfter how long after the entry was made it is still tried; then it is failed
     * @param timeout how long one webhook request or SMTP exchange may take
     * @param jitter  the spread of each wait, as a fraction of it (0.5: from 75 % to 125 %)
     */
    public record Retry(
            Duration initial,
            Duration max,
            @JsonProperty("for") Duration giveUpAfter,
            Duration timeout,
            Double jitter) {
        public static final Retry DEFAULT = new Retry(
                Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofSeconds(10), 0.5);
    }

    public static final DeliveryConfig DEFAULT = new DeliveryConfig(null, null, null, null, null, null, null, null);
    public static final DeliveryConfig OFF = new DeliveryConfig(false, null, null, null, null, null, null, null);

    public DeliveryConfig {
        enabled = enabled == null || enabled;
        source = source == null ? URI.create("urn:waybill") : source;
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        Retry r = retry == null ? Retry.DEFAULT : retry;
        retry = new Retry(
                positive(r.initial(), Retry.DEFAULT.initial(), "retry.initial"),
                positive(r.max(), Retry.DEFAULT.max(), "retry.max"),
                positive(r.giveUpAfter(), Retry.DEFAULT.giveUpAfter(), "retry.for"),
                positive(r.timeout(), Retry.DEFAULT.timeout(), "retry.timeout"),
                r.jitter() == null ? Retry.DEFAULT.jitter() : r.jitter());
        if (retry.jitter() < 0 || retry.jitter() > 1) {
            throw new IllegalArgumentException("retry.jitter must be between 0 and 1, not " + retry.jitter());
        }
        lease = positive(lease, Duration.ofMinutes(2), "lease");
        backedUpAfter = positive(backedUpAfter, Duration.ofMinutes(5), "backedUpAfter");
        workers = workers == null ? 8 : workers;
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be between 1 and 64, not " + workers);
        }
        Set<String> ids = new HashSet<>();
        EgressPolicy policy = EgressPolicy.of(egress);
        for (ConfiguredWebhook w : webhooks) {
            Webhooks.check(w.id(), w.url(), w.secret(), w.filter(), "webhooks[" + w.id() + "]");
            Webhooks.allowed(policy, w.url(), "webhooks[" + w.id() + "]");
            if (!ids.add(w.id())) {
                throw new IllegalArgumentException("webhooks: the id '" + w.id() + "' is used twice");
            }
        }
        if (mail != null) {
            if (mail.host() == null
                    || mail.host().isBlank()
                    || mail.from() == null
                    || !mail.from().contains("@")) {
                throw new IllegalArgumentException("mail needs a host and a from address (name@domain)");
            }
            for (String a : mail.operators() == null ? List.<String>of() : mail.operators()) {
                if (!a.contains("@")) {
                    throw new IllegalArgumentException("mail.operators: '" + a + "' is not an e-mail address");
                }
            }
        }
    }

    private static Duration positive(Duration d, Duration fallback, String name) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
        return d;
    }

    /** The file's webhooks as subscriptions. */
    public List<Webhook> configuredWebhooks() {
        List<Webhook> out = new ArrayList<>();
        for (ConfiguredWebhook w : webhooks) {
            out.add(new Webhook(
                    w.id(),
                    w.url(),
                    w.secret(),
                    w.filter() == null ? Webhook.Filter.ALL_ACTIONS : w.filter(),
                    Webhook.CONFIG));
        }
        return out;
    }

    /** Reads the YAML file; a wrong field or value is an {@link IllegalArgumentException} naming it. */
    public static DeliveryConfig load(Path file) throws IOException {
        try {
            DeliveryConfig c = Mappers.yaml().readValue(Files.readString(file), DeliveryConfig.class);
            return c == null ? DEFAULT : c;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ia ? ia : e;
            throw new IllegalArgumentException(file + ": " + cause.getMessage(), e);
        }
    }
}

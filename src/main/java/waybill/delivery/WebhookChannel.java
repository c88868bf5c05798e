package waybill.delivery;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import waybill.store.Delivery;
import waybill.store.Webhook;

/**
 * POSTs an entry's CloudEvent (structured mode, {@code application/cloudevents+json}) to its webhook,
 * signed with the webhook's secret at the service clock's instant. Any 2xx is delivered; any other
 * status, a timeout or a broken connection is a failure to retry. Before each send the host's addresses
 * are checked against the egress policy and the request goes to the address checked ({@link PinnedPost});
 * the error says "refused by policy" or "failed", never which socket error, so it cannot be used to map
 * what listens inside.
 */
final class WebhookChannel implements Channel {
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private final Webhooks webhooks;
    private final Clock clock;
    private final Duration timeout;
    private final EgressPolicy egress;
    private final PinnedPost http;

    WebhookChannel(Webhooks webhooks, Clock clock, Duration timeout, EgressPolicy egress) {
        this(webhooks, clock, timeout, egress, (SSLSocketFactory) SSLSocketFactory.getDefault(), PinnedPost.SOCKETS);
    }

    /** With the https trust and the connections' dialer given (tests). */
    WebhookChannel(
            Webhooks webhooks,
            Clock clock,
            Duration timeout,
            EgressPolicy egress,
            SSLSocketFactory tls,
            PinnedPost.Dialer dialer) {
        this.egress = egress;
        this.webhooks = webhooks;
        this.clock = clock;
        this.timeout = timeout;
        this.http = new PinnedPost(timeout, tls, dialer);
    }

    @Override
    public void send(Delivery d) throws Failure {
        String id = d.target().substring(Targets.WEBHOOK.length());
        Webhook w = webhooks.find(id).orElseThrow(() -> new Failure("the webhook '" + id + "' was removed", true));
        URI url = URI.create(w.url());
        EgressPolicy.Target to;
        try {
            to = egress.atSend(url); // resolved once: the connection goes to the address checked here
        } catch (java.net.UnknownHostException e) {
            throw new Failure("failed: the host does not resolve");
        }
        if (to.refusal() != null) {
            throw new Failure("refused by policy: " + to.refusal());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put(Signature.HEADER, Signature.header(w.secret(), clock.instant(), d.event()));
        headers.put("Waybill-Delivery", d.id());
        int status;
        try {
            status = http.post(url, to.address(), headers, d.event().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) { // a timeout, a refused or broken connection, a failed handshake: not told apart
            throw new Failure("failed: no answer within " + timeout.toMillis() + " ms or the connection failed");
        }
        if (status < 200 || status > 299) {
            throw new Failure("failed: the webhook answered HTTP " + status);
        }
    }
}

package waybill.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import waybill.store.Delivery;
import waybill.store.Webhook;

/**
 * POSTs an entry's CloudEvent (structured mode, {@code application/cloudevents+json}) to its webhook,
 * signed with the webhook's secret at the service clock's instant. Any 2xx is delivered; any other
 * status, a timeout or a broken connection is a failure to retry. Before each send the host's addresses
 * are checked against the egress policy; the error says "refused by policy" or "failed", never which
 * socket error, so it cannot be used to map what listens inside.
 */
final class WebhookChannel implements Channel {
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private final Webhooks webhooks;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    private final EgressPolicy egress;

    WebhookChannel(Webhooks webhooks, Clock clock, Duration timeout, EgressPolicy egress) {
        this.egress = egress;
        this.webhooks = webhooks;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public void send(Delivery d) throws Failure {
        String id = d.target().substring(Targets.WEBHOOK.length());
        Webhook w = webhooks.find(id).orElseThrow(() -> new Failure("the webhook '" + id + "' was removed", true));
        URI url = URI.create(w.url());
        try {
            var refused = egress.refusalAtSend(url);
            if (refused.isPresent()) {
                throw new Failure("refused by policy: " + refused.get());
            }
        } catch (java.net.UnknownHostException e) {
            throw new Failure("failed: the host does not resolve");
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header(Signature.HEADER, Signature.header(w.secret(), clock.instant(), d.event()))
                .header("Waybill-Delivery", d.id())
                .POST(HttpRequest.BodyPublishers.ofString(d.event()))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) { // a timeout, a refused or broken connection: not told apart
            throw new Failure("failed: no answer within " + timeout.toMillis() + " ms or the connection failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while sending (the service is stopping)");
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new Failure("failed: the webhook answered HTTP " + status);
        }
    }
}

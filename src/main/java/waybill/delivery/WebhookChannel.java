package waybill.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import waybill.store.Delivery;
import waybill.store.Webhook;

/**
 * POSTs an entry's CloudEvent (structured mode, {@code application/cloudevents+json}) to its webhook,
 * signed with the webhook's secret at the service clock's instant. Any 2xx is delivered; any other
 * status, a timeout or a broken connection is a failure to retry.
 */
final class WebhookChannel implements Channel {
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private final Webhooks webhooks;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    WebhookChannel(Webhooks webhooks, Clock clock, Duration timeout) {
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(w.url()))
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header(Signature.HEADER, Signature.header(w.secret(), clock.instant(), d.event()))
                .header("Waybill-Delivery", d.id())
                .POST(HttpRequest.BodyPublishers.ofString(d.event()))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new Failure("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new Failure("connection failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while sending (the service is stopping)");
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new Failure("the webhook answered HTTP " + status);
        }
    }
}

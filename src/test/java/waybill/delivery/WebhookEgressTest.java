package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;

/** Webhooks reach public addresses only, unless the deliveries file allows more (docs/security.md). */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WebhookEgressTest {
    /** Inward addresses in every spelling a resolver or URL parser accepts, and local or metadata names. */
    static final List<String> REFUSED = List.of(
            "http://127.0.0.1/x",
            "http://127.1/x",
            "http://127.0.0.1:8080/x",
            "http://2130706433/x",
            "http://017700000001/x",
            "http://0177.0.0.1/x",
            "http://0x7f.0.0.1/x",
            "http://0x7f000001/x",
            "http://0x7f.1/x",
            "http://localhost/x",
            "http://LOCALHOST./x",
            "http://app.localhost/x",
            "http://[::1]/x",
            "http://[0:0:0:0:0:0:0:1]/x",
            "http://[::ffff:127.0.0.1]/x",
            "http://[::ffff:7f00:1]/x",
            "http://[::ffff:169.254.169.254]/x",
            "http://[::127.0.0.1]/x",
            "http://[64:ff9b::a9fe:a9fe]/x",
            "http://[2002:a9fe:a9fe::1]/x",
            "http://0.0.0.0/x",
            "http://0/x",
            "http://[::]/x",
            "http://169.254.169.254/latest/meta-data/",
            "http://2852039166/x",
            "http://0xa9fea9fe/x",
            "http://0251.0376.0251.0376/x",
            "http://169.254.170.2/v2/credentials",
            "http://[fe80::1]/x",
            "http://[fe80::1%25eth0]/x",
            "http://10.0.0.1/x",
            "http://10.255.255.255/x",
            "http://172.16.0.1/x",
            "http://172.31.255.254/x",
            "http://192.168.1.1/x",
            "http://100.64.0.1/x",
            "http://[fc00::1]/x",
            "http://[fd12:3456:789a::1]/x",
            "http://[fec0::1]/x",
            "http://224.0.0.1/x",
            "http://255.255.255.255/x",
            "http://[ff02::1]/x",
            "http://metadata/computeMetadata/v1/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.GOOGLE.INTERNAL./x",
            "http://metadata.goog/x",
            "http://instance-data/latest/",
            "http://instance-data.ec2.internal/x",
            "http://metadata.azure.com/x",
            "http://kubernetes.default.svc/x",
            "http://printer.local/x",
            "http://db.corp.internal/x",
            "https://router.home.arpa/x");

    static final List<String> PUBLIC = List.of(
            "https://hooks.example.com/waybill",
            "https://93.184.215.14/in",
            "http://[2606:4700:4700::1111]/in",
            "https://8.8.8.8:8443/x",
            "https://172.32.0.1/x",
            "https://internal.example.com/x");

    private static EgressPolicy strict(Map<String, String> dns) {
        return new EgressPolicy(false, null, host -> {
            String a = dns.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(a)};
        });
    }

    @Test
    void everyInwardSpellingIsRefusedAsWrittenAndPublicOnesAreAccepted() {
        EgressPolicy p = strict(Map.of());
        for (String url : REFUSED) {
            assertTrue(p.refusal(url).isPresent(), url + " must be refused");
        }
        for (String url : PUBLIC) {
            assertEquals(java.util.Optional.empty(), p.refusal(url), url);
        }
    }

    @Test
    void aNameThatResolvesInwardIsRefusedAtSendThoughItWasAcceptedAtRegistration() throws Exception {
        EgressPolicy p = strict(Map.of(
                "rebind.example.com", "169.254.169.254",
                "mapped.example.com", "::ffff:10.0.0.7",
                "v6.example.com", "fd00::5",
                "fine.example.com", "93.184.215.14"));
        for (String host : List.of("rebind.example.com", "mapped.example.com", "v6.example.com")) {
            URI u = URI.create("https://" + host + "/hook");
            assertEquals(java.util.Optional.empty(), p.refusal(u.toString()), "a name is not resolved at registration");
            assertTrue(p.refusalAtSend(u).isPresent(), host + " resolves inward: refused at send");
        }
        assertEquals(java.util.Optional.empty(), p.refusalAtSend(URI.create("https://fine.example.com/hook")));
    }

    @Test
    void theDeliveriesFileAllowsPrivateNetworksOrListedRanges() {
        EgressPolicy any = new EgressPolicy(true, null, InetAddress::getAllByName);
        for (String url : REFUSED) {
            assertEquals(java.util.Optional.empty(), any.refusal(url), url);
        }
        EgressPolicy ranges = new EgressPolicy(false, List.of("10.20.0.0/16", "::1/128"), InetAddress::getAllByName);
        assertEquals(java.util.Optional.empty(), ranges.refusal("http://10.20.3.4/x"));
        assertEquals(java.util.Optional.empty(), ranges.refusal("http://[::1]/x"));
        assertTrue(ranges.refusal("http://10.21.0.1/x").isPresent(), "outside the listed range");
        assertTrue(ranges.refusal("http://127.0.0.1/x").isPresent(), "loopback v4 is not ::1");
    }

    @Test
    void aConfigurationFileWithAnInwardWebhookOrABadRangeIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, "webhooks: [{id: meta, url: 'http://169.254.169.254/x', secret: 0123456789abcdef}]");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> DeliveryConfig.load(f));
        assertTrue(
                e.getMessage().contains("webhooks[meta]: url 'http://169.254.169.254/x' is refused"), e.getMessage());
        Files.writeString(f, """
                egress: {allowedCidrs: [127.0.0.0/8]}
                webhooks: [{id: local, url: 'http://127.0.0.1:9/x', secret: 0123456789abcdef}]
                """);
        assertEquals("local", DeliveryConfig.load(f).configuredWebhooks().get(0).id());
        Files.writeString(f, "egress: {allowedCidrs: [10.0.0.0/99]}");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.load(f));
        assertTrue(e.getMessage().contains("egress.allowedCidrs: '10.0.0.0/99'"), e.getMessage());
    }

    @Test
    void registeringAnInwardUrlAnswers400NamingItAndAddsNothing() throws Exception {
        DeliveryConfig strict = new DeliveryConfig(true, null, List.of(), null, null, null, null, null);
        try (TestServer t = TestServer.withDeliveries(strict)) {
            for (String url : REFUSED) {
                TestServer.Reply reply = t.post(
                        "/ops/webhooks",
                        DeliveryWebhookTest.JSON
                                .createObjectNode()
                                .put("url", url)
                                .put("secret", DeliveryWebhookTest.SECRET));
                assertEquals(400, reply.status(), url + ": " + reply.text());
                assertTrue(reply.text().contains(url.replace("\"", "\\\"")), reply.text());
                // a spelling java.net.URI reads without a host (127.1) is refused before the policy is asked
                assertTrue(
                        reply.text().contains("refused by the egress policy")
                                || reply.text().contains("must be an absolute http or https URL"),
                        reply.text());
            }
            assertEquals(0, t.get("/ops/webhooks").json().size(), "nothing was added");
            TestServer.Reply ok = t.post(
                    "/ops/webhooks",
                    DeliveryWebhookTest.JSON
                            .createObjectNode()
                            .put("id", "public")
                            .put("url", "https://hooks.example.com/waybill")
                            .put("secret", DeliveryWebhookTest.SECRET));
            assertEquals(201, ok.status(), ok.text());
            JsonNode hooks = t.get("/ops/webhooks").json();
            assertEquals("public", hooks.get(0).get("id").asText());
        }
    }

    @Test
    void aSendRefusedByPolicySaysSoAndNothingElse() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        waybill.store.Webhook w = new waybill.store.Webhook(
                "h",
                "http://rebind.example.com:9/x",
                DeliveryWebhookTest.SECRET,
                waybill.store.Webhook.Filter.ALL_ACTIONS,
                waybill.store.Webhook.CONFIG);
        EgressPolicy p = strict(Map.of("rebind.example.com", "127.0.0.1"));
        Webhooks hooks = new Webhooks(List.of(w), new waybill.store.MemoryDeliveryLog(), () -> {}, p);
        WebhookChannel c = new WebhookChannel(hooks, java.time.Clock.systemUTC(), timeout, p);
        Channel.Failure f = org.junit.jupiter.api.Assertions.assertThrows(
                Channel.Failure.class, () -> c.send(delivery("webhook:h")));
        assertTrue(f.getMessage().startsWith("refused by policy: "), f.getMessage());
    }

    static waybill.store.Delivery delivery(String target) {
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        return new waybill.store.Delivery(
                "d1",
                "e1",
                "Decision",
                target,
                "job",
                1,
                0,
                waybill.store.Delivery.PENDING,
                0,
                null,
                at,
                at,
                null,
                null,
                null,
                "{}");
    }
}

package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.store.MemoryDeliveryLog;
import waybill.store.Webhook;

/**
 * A webhook's send connects to the address the egress policy checked, not to a second lookup's: a resolver
 * that answers an allowed address first and loopback after (DNS rebinding) never gets the request sent to
 * loopback. The request still names the webhook's host in its Host header.
 */
class WebhookPinningTest {
    /** Answers {@code first} to the first lookup and 127.0.0.1 to every later one, counting them. */
    static final class Rebinding implements EgressPolicy.Resolver {
        final String first;
        final AtomicInteger lookups = new AtomicInteger();

        Rebinding(String first) {
            this.first = first;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String a = lookups.getAndIncrement() == 0 ? first : "127.0.0.1";
            return new InetAddress[] {InetAddress.getByName(a)};
        }
    }

    /** A receiver on one address that counts what it was sent and the Host header it was sent with. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> hosts = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();

        Receiver(String address, int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
            server.createContext("/", ex -> {
                hosts.add(ex.getRequestHeaders().getFirst("Host"));
                bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Webhooks hooks(String url, EgressPolicy p) {
        Webhook w = new Webhook("h", url, DeliveryWebhookTest.SECRET, Webhook.Filter.ALL_ACTIONS, Webhook.CONFIG);
        return new Webhooks(List.of(w), new MemoryDeliveryLog(), () -> {}, p);
    }

    @Test
    void theSendGoesToTheAddressCheckedAndARebindingToLoopbackIsNeverConnectedTo() throws Exception {
        Receiver allowed = new Receiver("127.0.0.2", 0);
        Receiver loopback = null;
        for (int tries = 0; loopback == null; tries++) { // the same port on 127.0.0.1: where a second lookup would go
            try {
                loopback = new Receiver("127.0.0.1", allowed.port());
            } catch (BindException taken) {
                allowed.close();
                if (tries > 20) {
                    throw taken;
                }
                allowed = new Receiver("127.0.0.2", 0);
            }
        }
        try (Receiver a = allowed;
                Receiver inside = loopback) {
            Rebinding dns = new Rebinding("127.0.0.2"); // 127.0.0.2 stands for a public address: it is allowed
            EgressPolicy p = new EgressPolicy(false, List.of("127.0.0.2/32"), dns);
            String url = "http://rebind.example.com:" + a.port() + "/hook?x=1";
            WebhookChannel c = new WebhookChannel(hooks(url, p), Clock.systemUTC(), Duration.ofSeconds(10), p);

            c.send(WebhookEgressTest.delivery("webhook:h"));
            assertEquals(List.of("rebind.example.com:" + a.port()), a.hosts, "sent to the checked address, by name");
            assertEquals(List.of("{}"), a.bodies);
            assertEquals(1, dns.lookups.get(), "one lookup per send: the one checked");

            Channel.Failure f =
                    assertThrows(Channel.Failure.class, () -> c.send(WebhookEgressTest.delivery("webhook:h")));
            assertTrue(f.getMessage().startsWith("refused by policy: "), f.getMessage());
            assertEquals(0, inside.hosts.size(), "nothing ever reached loopback");
            assertEquals(1, a.hosts.size());
        }
    }

    @Test
    void aPublicAddressFirstAndLoopbackSecondConnectsToThePublicOneOnly() throws Exception {
        Rebinding dns = new Rebinding("203.0.113.7");
        EgressPolicy p = new EgressPolicy(false, null, dns);
        List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();
        WebhookChannel c = new WebhookChannel(
                hooks("https://rebind.example.com/hook", p),
                Clock.systemUTC(),
                Duration.ofSeconds(5),
                p,
                (SSLSocketFactory) SSLSocketFactory.getDefault(),
                (to, ms) -> {
                    dialled.add(to);
                    throw new ConnectException("no route here");
                });
        Channel.Failure f = assertThrows(Channel.Failure.class, () -> c.send(WebhookEgressTest.delivery("webhook:h")));
        assertTrue(f.getMessage().startsWith("failed: "), f.getMessage());
        assertEquals(
                List.of(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7}), 443)),
                dialled);
        assertEquals(1, dns.lookups.get());
    }

    @Test
    void overHttpsTheConnectionToTheCheckedAddressNamesTheHostForSniAndTheCertificateCheck(@TempDir Path dir)
            throws Exception {
        SSLContext tls = selfSigned(dir, "hooks.example");
        List<String> sni = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", ex -> {
            ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession();
            session.getRequestedServerNames().forEach(n -> sni.add(((SNIHostName) n).getAsciiName()));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Rebinding dns = new Rebinding("127.0.0.2");
            EgressPolicy p = new EgressPolicy(false, List.of("127.0.0.2/32"), dns);
            WebhookChannel c = new WebhookChannel(
                    hooks("https://hooks.example:" + port + "/hook", p),
                    Clock.systemUTC(),
                    Duration.ofSeconds(10),
                    p,
                    tls.getSocketFactory(),
                    PinnedPost.SOCKETS);
            c.send(WebhookEgressTest.delivery("webhook:h")); // the certificate names hooks.example, not 127.0.0.2
            assertEquals(List.of("hooks.example"), sni);

            Rebinding other = new Rebinding("127.0.0.2");
            EgressPolicy q = new EgressPolicy(false, List.of("127.0.0.2/32"), other);
            WebhookChannel wrongName = new WebhookChannel(
                    hooks("https://other.example:" + port + "/hook", q),
                    Clock.systemUTC(),
                    Duration.ofSeconds(10),
                    q,
                    tls.getSocketFactory(),
                    PinnedPost.SOCKETS);
            Channel.Failure f =
                    assertThrows(Channel.Failure.class, () -> wrongName.send(WebhookEgressTest.delivery("webhook:h")));
            assertTrue(f.getMessage().startsWith("failed: "), "a certificate for another name is refused");
        } finally {
            server.stop(0);
        }
    }

    /** A key and a self-signed certificate for {@code name} only (keytool), trusted by the context returned. */
    static SSLContext selfSigned(Path dir, String name) throws Exception {
        Path store = dir.resolve("hook.p12");
        char[] pass = "changeit".toCharArray();
        Process k = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "hook",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, k.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}

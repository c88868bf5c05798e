package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import waybill.config.PublicLinks;

/** nextLink is built from the configured base; the Host header (or an untrusted X-Forwarded-*) never chooses. */
class PublicLinksTest {
    @Test
    void aHostileHostHeaderDoesNotChooseWhereNextLinkSends() throws Exception {
        try (TestServer app = TestServer.manual()) {
            for (int i = 1; i <= 2; i++) {
                assertEquals(201, app.createImport("rg-links", "job" + i).status());
            }
            String path = "/subscriptions/" + TestServer.SUB
                    + "/resourceGroups/rg-links/providers/Microsoft.ImportExport/jobs?" + TestServer.V + "&$top=1";
            String answer = rawGet(app.server.port(), path, "attacker.example");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            String link = answer.replaceAll("(?s).*\"nextLink\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            assertTrue(
                    link.startsWith("http://localhost:" + app.server.port() + "/subscriptions/" + TestServer.SUB),
                    "nextLink " + link);
        }
    }

    @Test
    void theConfiguredPublicUrlIsTheBaseWhateverTheRequestSays() {
        PublicLinks links = PublicLinks.of("https://waybill.example.com/", true);
        assertEquals("https://waybill.example.com", links.base("http", "attacker.example", 8080));
    }

    @Test
    void forwardedHeadersCountOnlyWhenTrustedAndWellFormed() {
        assertEquals("http://localhost:8080", PublicLinks.DEFAULT.base("https", "proxy.example", 8080));
        PublicLinks trusted = PublicLinks.of(null, true);
        assertEquals("https://proxy.example", trusted.base("https, http", "proxy.example, inner", 8080));
        assertEquals("http://localhost:8080", trusted.base("javascript", "proxy.example", 8080));
        assertEquals("http://localhost:8080", trusted.base("https", "evil.example/@x", 8080));
    }

    @Test
    void aPublicUrlMustBeHttpOrHttpsWithAHostAndNoQuery() {
        for (String bad : new String[] {"ftp://x.example", "https://x.example/?a=b", "https://u:p@x.example", "x"}) {
            assertThrows(IllegalArgumentException.class, () -> PublicLinks.of(bad, false), bad);
        }
    }

    private static String rawGet(int port, String path, String host) throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Proto: https\r\n"
                            + "X-Forwarded-Host: attacker.example\r\nAuthorization: Bearer " + TestServer.ADMIN_KEY
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

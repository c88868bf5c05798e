package waybill.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import waybill.api.TestServer;

/**
 * Mail end to end: a package that never arrives makes the operators' mail (NotifyOperators, to the
 * configured addresses) and the customer's (NotifyCustomer, to the job's contact e-mail), sent over SMTP
 * to a real server in this JVM (GreenMail) and checked by content: subject, job, drives, deadline and the
 * rule's reason, in plain text and HTML, and never a BitLocker key.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DeliveryMailTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static DeliveryConfig mail(int port) {
        return new DeliveryConfig(
                true,
                null,
                List.of(),
                new DeliveryConfig.Mail(
                        "127.0.0.1",
                        port,
                        null,
                        null,
                        false,
                        "waybill@dc.example.test",
                        List.of("ops@dc.example.test", "lead@dc.example.test")),
                new DeliveryConfig.Retry(
                        Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5), 0.0),
                null,
                null,
                null);
    }

    @Test
    void aMissingPackageMailsTheOperatorsAndTheCustomer() throws Exception {
        try (TestServer t = TestServer.withDeliveries(mail(smtp.getSmtp().getPort()))) {
            DeliveryWebhookTest.missingPackage(t, "mailed");
            // a real SMTP server: wait for what it received, with a generous bound
            Awaitility.await("three messages received")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> smtp.getReceivedMessages().length >= 3);
            MimeMessage[] got = smtp.getReceivedMessages();
            assertEquals(3, got.length, "one copy for each of the two operators, one for the customer");
            MimeMessage operators = find(got, "ops@dc.example.test");
            MimeMessage customer = find(got, "Test@contoso.com");
            assertEquals(2, operators.getRecipients(Message.RecipientType.TO).length, "both operators' addresses");
            assertEquals("waybill@dc.example.test", operators.getFrom()[0].toString());
            assertEquals("Waybill: operators, job mailed needs attention", operators.getSubject());
            assertEquals("Your import/export job mailed: news from the data center", customer.getSubject());

            String opsText = part(operators, "text/plain");
            String opsHtml = part(operators, "text/html");
            assertTrue(opsText.contains("Job:       mailed (/subscriptions/"), opsText);
            assertTrue(opsText.contains("Drives:    9CA995BB"), opsText);
            assertTrue(opsText.contains("Deadline:  2026-03-16T09:00:00Z"), opsText);
            assertTrue(
                    opsText.contains(
                            "Why:       the package for job mailed has not arrived within 14 days of shipping"),
                    opsText);
            assertTrue(
                    opsText.contains("Operators are told of a package that has not arrived within two weeks"), opsText);
            assertTrue(opsHtml.contains("<td>9CA995BB</td>"), opsHtml);
            assertTrue(opsHtml.contains("has not arrived within 14 days of shipping"), opsHtml);

            String custText = part(customer, "text/plain");
            assertTrue(custText.contains("Drives:    9CA995BB"), custText);
            assertTrue(custText.contains("is missing; ask whether to extend the wait or cancel the job"), custText);
            assertTrue(part(customer, "text/html")
                    .contains("is missing; ask whether to extend the wait or cancel the job"));
            for (MimeMessage m : got) {
                String raw = GreenMailUtil.getWholeMessage(m);
                assertFalse(
                        raw.contains("238810-662376-448998-450120-652806-203390-606320-483076"),
                        "never a BitLocker key");
                assertTrue(m.getHeader("Waybill-Event-Id")[0].matches("[0-9a-f-]{36}"));
            }
            // the entries say where each went, without the customer's address
            // the mails are in; the worker records each outcome right after its SMTP exchange
            String sent = DeliveryWebhookTest.await(t, "sent", 2).toString();
            assertTrue(
                    sent.contains("\"target\":\"mail:operators\"") && sent.contains("\"target\":\"mail:customer\""),
                    sent);
            assertFalse(sent.contains("contoso"), sent);
        }
    }

    @Test
    void aMailServerThatIsDownIsTriedAgainWithoutNamingTheRecipient() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once closed
        }
        try (TestServer t = TestServer.withDeliveries(mail(closed))) {
            DeliveryWebhookTest.missingPackage(t, "unmailed");
            JsonAwait.pendingWithAttempts(t, 2, 1);
            String pending = t.get("/ops/deliveries?status=pending").text();
            assertTrue(pending.contains("SMTP: "), pending);
            assertFalse(pending.contains("contoso"), "no address in lastError: " + pending);
        }
    }

    private static MimeMessage find(MimeMessage[] got, String to) throws Exception {
        for (MimeMessage m : got) {
            for (var a : m.getRecipients(Message.RecipientType.TO)) {
                if (a.toString().equals(to)) {
                    return m;
                }
            }
        }
        throw new AssertionError("no mail to " + to);
    }

    private static String part(MimeMessage m, String type) throws Exception {
        MimeMultipart mp = (MimeMultipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType(type)) {
                return mp.getBodyPart(i).getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}

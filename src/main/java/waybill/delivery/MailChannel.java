package waybill.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import waybill.json.Mappers;
import waybill.store.Delivery;

/**
 * Sends an action's mail over SMTP (Jakarta Mail, Angus): to the operators' addresses from the
 * configuration, or to the job's contact e-mail, looked up when the mail is sent (the outbox keeps no
 * address; a job deleted meanwhile has none left, and its mail is failed). Plain text and HTML in one
 * {@code multipart/alternative}; the CloudEvent id in {@code Waybill-Event-Id} (a resent mail has the same).
 */
final class MailChannel implements Channel {
    private static final ObjectMapper JSON = Mappers.json();
    private final DeliveryConfig.Mail mail;
    private final Function<String, Optional<String>> contact;
    private final MailTemplates templates = new MailTemplates();
    private final Session session;

    /** @param contact a job's contact e-mail by job id (empty: the job or its address is gone) */
    MailChannel(DeliveryConfig.Mail mail, Duration timeout, Function<String, Optional<String>> contact) {
        this.mail = mail;
        this.contact = contact;
        Properties p = new Properties();
        p.put("mail.smtp.host", mail.host());
        p.put("mail.smtp.port", String.valueOf(mail.port() == null ? 25 : mail.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.starttls.enable", String.valueOf(Boolean.TRUE.equals(mail.startTls())));
        p.put("mail.smtp.starttls.required", String.valueOf(Boolean.TRUE.equals(mail.startTls())));
        p.put("mail.smtp.auth", String.valueOf(mail.username() != null));
        this.session = Session.getInstance(p);
    }

    @Override
    public void send(Delivery d) throws Failure {
        List<String> to;
        if (Targets.CUSTOMER.equals(d.target())) {
            to = contact.apply(d.jobId())
                    .map(List::of)
                    .orElseThrow(
                            () -> new Failure("the job has no contact e-mail (deleted, or no return address)", true));
        } else {
            to = mail.operators() == null ? List.of() : mail.operators();
            if (to.isEmpty()) {
                throw new Failure("no operators' address is configured (mail.operators)", true);
            }
        }
        try {
            JsonNode event = JSON.readTree(d.event());
            MailTemplates.Mail m = templates.render(event.path("id").asText(), event.path("data"));
            MimeMessage msg = new MimeMessage(session);
            msg.setFrom(new InternetAddress(mail.from()));
            for (String a : to) {
                msg.addRecipient(Message.RecipientType.TO, new InternetAddress(a));
            }
            msg.setSubject(m.subject(), "UTF-8");
            msg.setHeader("Waybill-Event-Id", event.path("id").asText());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(m.html(), "UTF-8", "html");
            msg.setContent(new MimeMultipart("alternative", text, html));
            if (mail.username() != null) {
                Transport.send(msg, mail.username(), mail.password());
            } else {
                Transport.send(msg);
            }
        } catch (MessagingException | com.fasterxml.jackson.core.JsonProcessingException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (String a : to) {
                why = why.replace(a, "[recipient]"); // lastError is shown to operators: no address in it
            }
            throw new Failure("SMTP: " + why.strip());
        }
    }
}

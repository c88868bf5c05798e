package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A customer reading its own job page sees no operator's key name and no operator's note. */
class CustomerJobPageTest {
    static final String NOTE = "NOTE-4711 the copy station lost its credentials";

    @Test
    void aCustomerSeesItsJobWithoutOperatorsNamesOrNotes() throws Exception {
        try (TestServer app = TestServer.manual()) {
            assertEquals(201, app.createImport("rg-notes", "faulted").status());
            TestServer.Reply ship = app.sendAs(
                    TestServer.CUSTOMER_KEY,
                    "PATCH",
                    jobUrl("rg-notes", "faulted"),
                    Map.of(
                            "properties",
                            Map.of(
                                    "state",
                                    "Shipping",
                                    "deliveryPackage",
                                    Map.of("carrierName", "FedEx", "trackingNumber", "123456789"))));
            assertEquals(200, ship.status(), ship.text());
            String job = jobPath("rg-notes", "faulted");
            for (Map<String, Object> fact : List.<Map<String, Object>>of(
                    Map.of("type", "PackageArrived", "jobId", job, "driveIds", List.of("9CA995BB")),
                    Map.of("type", "Fault", "jobId", job, "reason", NOTE))) {
                TestServer.Reply r = app.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/facts", fact);
                assertEquals(200, r.status(), r.text());
            }
            String page = "/ops/job?jobId=" + URLEncoder.encode(job, StandardCharsets.UTF_8);

            TestServer.Reply operators = app.get(page);
            assertEquals(200, operators.status(), operators.text());
            assertTrue(operators.text().contains("NOTE-4711"), operators.text());
            assertTrue(operators.text().contains("\"otto\""), operators.text());

            TestServer.Reply customer = app.sendAs(TestServer.CUSTOMER_KEY, "GET", page, null);
            assertEquals(200, customer.status(), customer.text());
            assertEquals("Faulted", customer.json().at("/job/state").asText(), customer.text());
            assertFalse(customer.text().contains("NOTE-4711"), customer.text());
            assertFalse(customer.text().contains("otto"), customer.text());
            assertFalse(customer.text().contains("ada"), customer.text());
            assertTrue(customer.text().contains("\"contoso\""), "its own key's name stays: " + customer.text());
        }
    }
}

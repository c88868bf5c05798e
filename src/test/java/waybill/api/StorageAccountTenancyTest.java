package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A customer's job names only storage accounts in the subscriptions its key covers; admins are not
 * restricted (operators only read the Jobs API). The refusal names the field and creates nothing.
 */
class StorageAccountTenancyTest {
    static TestServer app;

    @BeforeAll
    static void boot() {
        app = TestServer.manual();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static ObjectNode bodyWithAccount(String id) throws Exception {
        ObjectNode body = (ObjectNode)
                TestServer.example("CreateJob.json", "parameters", "body").deepCopy();
        ((ObjectNode) body.get("properties")).put("storageAccountId", id);
        return body;
    }

    static String account(String sub) {
        return "/subscriptions/" + sub + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/blobs";
    }

    @Test
    void aCustomerNamingAnotherTenantsStorageAccountIsRefusedAndNothingIsCreated() throws Exception {
        TestServer.Reply r = app.sendAs(
                TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-ten", "theirs"), bodyWithAccount(account(TestServer.SUB2)));
        assertEquals(403, r.status(), r.text());
        assertEquals("LinkedAuthorizationFailed", r.json().at("/error/code").asText());
        assertEquals("properties.storageAccountId", r.json().at("/error/target").asText());
        assertTrue(r.json().at("/error/message").asText().contains(TestServer.SUB2), r.text());
        assertEquals(404, app.get(jobUrl("rg-ten", "theirs")).status());
    }

    @Test
    void aCustomerNamingSomethingThatIsNoStorageAccountIsA400NamingTheField() throws Exception {
        TestServer.Reply r = app.sendAs(
                TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-ten", "odd"), bodyWithAccount("/subscriptions/x/../y"));
        assertEquals(400, r.status(), r.text());
        assertEquals("properties.storageAccountId", r.json().at("/error/target").asText());
        assertEquals(404, app.get(jobUrl("rg-ten", "odd")).status());
    }

    @Test
    void aCustomerNamingItsOwnStorageAccountCreatesTheJob() throws Exception {
        TestServer.Reply r = app.sendAs(
                TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-ten", "own"), bodyWithAccount(account(TestServer.SUB)));
        assertEquals(201, r.status(), r.text());
    }

    @Test
    void anAdminIsNotRestricted() throws Exception {
        // operators only read the Jobs API; an admin may name any subscription's account
        assertEquals(
                201,
                app.put(jobUrl("rg-ten", "by-admin"), bodyWithAccount(account(TestServer.SUB2)))
                        .status());
    }
}

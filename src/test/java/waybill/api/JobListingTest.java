package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs_ListByResourceGroup and Jobs_ListBySubscription: pages, nextLink, $top and $filter. */
class JobListingTest {
    static TestServer app;
    static final String GROUP =
            "/subscriptions/" + TestServer.SUB + "/resourceGroups/rg-list/providers/Microsoft.ImportExport/jobs";

    @BeforeAll
    static void boot() throws Exception {
        app = TestServer.manual();
        for (int i = 1; i <= 5; i++) {
            assertEquals(201, app.createImport("rg-list", "job" + i).status());
        }
        assertEquals(201, app.createImport("rg-other", "job9").status());
        assertEquals(
                200,
                app.patch(
                                jobUrl("rg-list", "job2"),
                                Map.of(
                                        "properties",
                                        Map.of(
                                                "state",
                                                "Shipping",
                                                "deliveryPackage",
                                                Map.of("carrierName", "FedEx", "trackingNumber", "1"))))
                        .status());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aResourceGroupIsListedInPagesFollowingNextLink() {
        List<String> names = new ArrayList<>();
        String next = GROUP + "?" + TestServer.V + "&$top=2";
        int pages = 0;
        while (next != null) {
            TestServer.Reply r = app.get(next);
            assertEquals(200, r.status(), r.text());
            assertTrue(r.json().get("value").size() <= 2);
            r.json().get("value").forEach(j -> names.add(j.get("name").asText()));
            JsonNode link = r.json().get("nextLink");
            next = link == null || link.isNull() ? null : pathOf(link.asText());
            pages++;
        }
        assertEquals(List.of("job1", "job2", "job3", "job4", "job5"), names);
        assertEquals(3, pages);
    }

    @Test
    void aSubscriptionListsEveryResourceGroupsJobs() {
        TestServer.Reply r =
                app.get("/subscriptions/" + TestServer.SUB + "/providers/Microsoft.ImportExport/jobs?" + TestServer.V);
        assertEquals(200, r.status(), r.text());
        assertEquals(6, r.json().get("value").size());
        assertFalse(r.text().contains("bitLockerKey"));
    }

    @Test
    void aStateFilterListsOnlyJobsInThatState() {
        TestServer.Reply r = app.get(GROUP + "?" + TestServer.V + "&$filter=state%20eq%20'Shipping'");
        assertEquals(200, r.status(), r.text());
        assertEquals(1, r.json().get("value").size());
        assertEquals("job2", r.json().at("/value/0/name").asText());
    }

    @Test
    void aTopAbove100OrAnotherFilterIs400() {
        assertEquals(400, app.get(GROUP + "?" + TestServer.V + "&$top=101").status());
        assertEquals(400, app.get(GROUP + "?" + TestServer.V + "&$top=abc").status());
        TestServer.Reply r = app.get(GROUP + "?" + TestServer.V + "&$filter=name%20eq%20'job1'");
        assertEquals(400, r.status());
        assertEquals("$filter", r.json().at("/error/target").asText());
        assertEquals(
                400,
                app.get(GROUP + "?" + TestServer.V + "&$filter=state%20eq%20'Lost'")
                        .status());
    }

    private static String pathOf(String link) {
        URI u = URI.create(link);
        return u.getRawPath() + "?" + u.getRawQuery();
    }
}

package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.store.mongo.StoreFactory;

/** The same walk over the embedded MongoDB store in a temporary folder, through the real driver. */
class EmbeddedStoreApiTest {
    @Test
    void aJobIsCreatedShippedArrivedListedAndExpiredOverTheEmbeddedStore(@TempDir Path data) throws Exception {
        try (TestServer app =
                TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.open(data, null))) {
            assertEquals("UP", app.get("/health").json().get("status").asText());
            assertEquals(201, app.createImport("rg-emb", "job1").status());
            assertEquals(201, app.createImport("rg-emb", "job2").status());
            assertEquals(409, app.createImport("rg-emb", "job1").status());
            assertEquals(
                    200,
                    app.patch(
                                    jobUrl("rg-emb", "job1"),
                                    Map.of(
                                            "properties",
                                            Map.of(
                                                    "state",
                                                    "Shipping",
                                                    "deliveryPackage",
                                                    Map.of("carrierName", "FedEx", "trackingNumber", "1"))))
                            .status());

            TestServer.Reply arrived = app.post(
                    "/ops/facts",
                    Map.of(
                            "type",
                            "PackageArrived",
                            "jobId",
                            jobPath("rg-emb", "job1"),
                            "driveIds",
                            List.of("9CA995BB"),
                            "factId",
                            "emb-1"));
            assertEquals(200, arrived.status(), arrived.text());
            assertEquals("Received", arrived.json().at("/job/properties/state").asText());
            assertEquals(
                    arrived.json().get("at"),
                    app.post(
                                    "/ops/facts",
                                    Map.of(
                                            "type",
                                            "PackageArrived",
                                            "jobId",
                                            jobPath("rg-emb", "job1"),
                                            "driveIds",
                                            List.of("9CA995BB"),
                                            "factId",
                                            "emb-1"))
                            .json()
                            .get("at"));

            String group = "/subscriptions/" + TestServer.SUB
                    + "/resourceGroups/rg-emb/providers/Microsoft.ImportExport/jobs?" + TestServer.V;
            TestServer.Reply page = app.get(group + "&$top=1");
            assertEquals(200, page.status(), page.text());
            assertEquals(1, page.json().get("value").size());
            assertTrue(page.json().get("nextLink").asText().contains("$skipToken="));
            assertEquals(
                    1,
                    app.get(group + "&$filter=state%20eq%20'Received'")
                            .json()
                            .get("value")
                            .size());

            TestServer.Reply keys = app.post(jobPath("rg-emb", "job1") + "/listBitLockerKeys?" + TestServer.V, null);
            assertEquals(
                    "238810-662376-448998-450120-652806-203390-606320-483076",
                    keys.json().at("/value/0/bitLockerKey").asText());
            assertFalse(app.get("/ops/history?jobId=" + jobPath("rg-emb", "job1"))
                    .text()
                    .contains("238810-662376"));

            TestServer.Reply moved = app.post("/ops/clock", Map.of("advance", "P14D"));
            assertEquals(200, moved.status(), moved.text());
            assertEquals(404, app.get(jobUrl("rg-emb", "job2")).status());
            assertEquals(200, app.get(jobUrl("rg-emb", "job1")).status());
        }
    }
}

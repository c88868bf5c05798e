package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.backup.Restore;
import waybill.config.ServiceConfig;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;

/** {@code POST /ops/backup} over HTTP: admins only; an archive restore takes; a store with nothing to keep says so. */
class BackupApiTest {
    @Test
    void anAdminGetsAnArchiveOfTheEmbeddedStoreThatRestoreTakes(@TempDir Path data, @TempDir Path restored)
            throws Exception {
        Path archive = data.resolveSibling(data.getFileName() + ".jsonl.gz");
        try (TestServer app =
                TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.open(data, null))) {
            assertEquals(201, app.createImport("rg-bk", "kept").status());
            HttpResponse<Path> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(app.base() + "/ops/backup"))
                                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofFile(archive));
            assertEquals(200, r.statusCode());
            assertEquals(
                    "application/gzip", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(
                    r.headers()
                            .firstValue("Content-Disposition")
                            .orElse("")
                            .contains("waybill-backup-20260302T090000Z"),
                    r.headers().toString());
        }
        Restore.Report report = new Restore(archive, line -> {}).into(new Restore.Target(restored, null), false);
        assertEquals(1L, report.counts().get("jobs"));
        try (Store store = StoreFactory.open(restored, null)) {
            assertTrue(store.find(jobPath("rg-bk", "kept")).isPresent());
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    @Test
    void onlyAnAdminMayTakeABackup() {
        try (TestServer app = TestServer.manual()) {
            assertEquals(
                    403,
                    app.sendAs(TestServer.OPERATOR_KEY, "POST", "/ops/backup", null)
                            .status());
            assertEquals(
                    403,
                    app.sendAs(TestServer.CUSTOMER_KEY, "POST", "/ops/backup", null)
                            .status());
            assertEquals(401, app.sendAs(null, "POST", "/ops/backup", null).status());
        }
    }

    @Test
    void aStoreThatKeepsNothingBeyondTheProcessAnswersConflict() {
        try (TestServer app = TestServer.manual()) {
            TestServer.Reply r = app.post("/ops/backup", null);
            assertEquals(409, r.status(), r.text());
            assertEquals("Conflict", r.json().at("/error/code").asText());
            assertTrue(r.text().contains("nothing beyond the process"), r.text());
        }
    }
}

package waybill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static waybill.api.TestServer.example;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.ServiceConfig;
import waybill.store.mongo.StoreFactory;

/**
 * Everything a customer sends survives the store and a restart: each body is created over HTTP on the
 * embedded store, and Get and both lists answer the create answer field by field, before and after the
 * service restarts on the same data folder, and again after an update of the tags, which changes nothing else.
 */
class JobRoundTripTest {
    static final String RG = "rg-roundtrip";

    @Test
    void everyFieldACustomerSendsIsAnsweredAgainByGetAndListsAfterARestart(@TempDir Path data) throws Exception {
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        bodies.put("import-example", example("CreateJob.json", "parameters", "body"));
        bodies.put("export-example", example("CreateExportJob.json", "parameters", "body"));
        bodies.put("import-every-field", everyOptionalImportField());
        bodies.put("export-every-field", everyOptionalExportField());

        Map<String, JsonNode> created = new LinkedHashMap<>();
        try (TestServer app = embedded(data)) {
            for (Map.Entry<String, JsonNode> b : bodies.entrySet()) {
                TestServer.Reply r = app.put(jobUrl(RG, b.getKey()), b.getValue());
                assertEquals(201, r.status(), b.getKey() + ": " + r.text());
                assertEquals(
                        List.of(),
                        sentButNotAnswered("", b.getValue(), r.json()),
                        b.getKey() + ": the create answer leaves out fields the request sent");
                assertFalse(r.text().contains("bitLockerKey"), b.getKey() + ": a create answer shows a BitLocker key");
                created.put(b.getKey(), r.json());
            }
            assertReadsBackAsCreated(app, created, "before a restart");
        }
        try (TestServer app = embedded(data)) {
            assertReadsBackAsCreated(app, created, "after a restart");
            for (Map.Entry<String, JsonNode> c : created.entrySet()) {
                TestServer.Reply r = app.patch(jobUrl(RG, c.getKey()), Map.of("tags", Map.of("round", "trip")));
                assertEquals(200, r.status(), c.getKey() + ": " + r.text());
                ObjectNode expected = c.getValue().deepCopy();
                expected.putObject("tags").put("round", "trip");
                ((ObjectNode) expected.get("systemData"))
                        .set("lastModifiedAt", r.json().at("/systemData/lastModifiedAt"));
                assertEquals(
                        List.of(),
                        differences(c.getKey() + " update", expected, r.json()),
                        "an update of the tags changes nothing else");
                c.setValue(expected);
            }
        }
        try (TestServer app = embedded(data)) {
            assertReadsBackAsCreated(app, created, "after an update and another restart");
        }
    }

    private static void assertReadsBackAsCreated(TestServer app, Map<String, JsonNode> created, String when) {
        Map<String, JsonNode> byGroup = listed(
                app,
                "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + RG + "/providers/Microsoft.ImportExport/jobs?"
                        + TestServer.V);
        Map<String, JsonNode> bySubscription = listed(
                app, "/subscriptions/" + TestServer.SUB + "/providers/Microsoft.ImportExport/jobs?" + TestServer.V);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> c : created.entrySet()) {
            String name = c.getKey();
            TestServer.Reply got = app.get(jobUrl(RG, name));
            assertEquals(200, got.status(), name + " " + when + ": " + got.text());
            differences.addAll(differences(name + " Get", c.getValue(), got.json()));
            // a list by resource group leaves out each job's drive list, as the real service's did
            ObjectNode withoutDrives = c.getValue().deepCopy();
            ((ObjectNode) withoutDrives.get("properties")).remove("driveList");
            differences.addAll(differences(name + " list by group", withoutDrives, byGroup.get(jobPath(RG, name))));
            differences.addAll(
                    differences(name + " list by subscription", c.getValue(), bySubscription.get(jobPath(RG, name))));
        }
        assertEquals(List.of(), differences, "answers that differ from the create answer " + when);
    }

    private static TestServer embedded(Path data) {
        return TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, StoreFactory.embedded(data));
    }

    /** The jobs of a list, every page, by id. */
    private static Map<String, JsonNode> listed(TestServer app, String url) {
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        String next = url + "&$top=2";
        while (next != null) {
            TestServer.Reply page = app.get(next);
            assertEquals(200, page.status(), page.text());
            page.json().get("value").forEach(j -> jobs.put(j.get("id").asText(), j));
            JsonNode link = page.json().get("nextLink");
            next = link == null || link.isNull()
                    ? null
                    : link.asText().substring(app.base().length());
        }
        return jobs;
    }

    /** Where two trees differ: every field and element, at any depth, as "path: expected vs actual". */
    static List<String> differences(String path, JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        if (expected == null || actual == null || expected.getNodeType() != actual.getNodeType()) {
            if (!(expected == null && actual == null)) {
                out.add(path + ": " + expected + " vs " + actual);
            }
            return out;
        }
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            });
            for (String n : names) {
                out.addAll(differences(path + "." + n, expected.get(n), actual.get(n)));
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                out.addAll(differences(path + "[" + i + "]", expected.get(i), actual.get(i)));
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": " + expected + " vs " + actual);
        }
        return out;
    }

    /** Fields of the request missing or different in the answer; BitLocker keys are never answered. */
    static List<String> sentButNotAnswered(String path, JsonNode sent, JsonNode answered) {
        List<String> out = new ArrayList<>();
        if (sent.isObject()) {
            for (Map.Entry<String, JsonNode> f : sent.properties()) {
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (f.getKey().equals("bitLockerKey")) {
                    continue;
                }
                JsonNode a = answered == null ? null : answered.get(f.getKey());
                if (a == null) {
                    out.add(p + ": sent " + f.getValue() + ", not answered");
                } else {
                    out.addAll(sentButNotAnswered(p, f.getValue(), a));
                }
            }
        } else if (sent.isArray()) {
            if (answered == null || !answered.isArray() || answered.size() != sent.size()) {
                out.add(path + ": sent " + sent + ", answered " + answered);
                return out;
            }
            for (int i = 0; i < sent.size(); i++) {
                out.addAll(sentButNotAnswered(path + "[" + i + "]", sent.get(i), answered.get(i)));
            }
        } else if (!sent.equals(answered)) {
            out.add(path + ": sent " + sent + ", answered " + answered);
        }
        return out;
    }

    /** An import job with every optional field a customer may send set. */
    static JsonNode everyOptionalImportField() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateJob.json", "parameters", "body");
        withEveryCommonField(body);
        ObjectNode p = (ObjectNode) body.get("properties");
        ObjectNode second = ((ArrayNode) p.get("driveList")).addObject();
        second.put("driveId", "A1B2C3D4");
        second.put("bitLockerKey", "111111-222222-333333-444444-555555-666666-777777-888888");
        second.put("manifestFile", "\\second.manifest");
        second.put("manifestHash", "ABCDEF0123456789");
        second.put("driveHeaderHash", "0:1048576:ABCDEF");
        ObjectNode delivery = p.putObject("deliveryPackage");
        delivery.put("carrierName", "FedEx");
        delivery.put("trackingNumber", "123456789");
        delivery.put("driveCount", 2);
        delivery.put("shipDate", "2026-03-01");
        return body;
    }

    /** An export job with every optional field a customer may send set, its blobs named all three ways. */
    static JsonNode everyOptionalExportField() throws Exception {
        ObjectNode body = (ObjectNode) example("CreateExportJob.json", "parameters", "body");
        withEveryCommonField(body);
        ObjectNode export = ((ObjectNode) body.get("properties")).putObject("export");
        ObjectNode blobList = export.putObject("blobList");
        blobList.putArray("blobPath").add("/container/a.vhd").add("/container/b.vhd");
        blobList.putArray("blobPathPrefix").add("/logs/").add("/images/2026/");
        export.put("blobListBlobPath", "/exportlist/blobs.xml");
        return body;
    }

    private static void withEveryCommonField(ObjectNode body) {
        ObjectNode tags = body.putObject("tags");
        tags.put("costCenter", "4711");
        tags.put("owner", "data team");
        body.putObject("identity").put("type", "None");
        ObjectNode p = (ObjectNode) body.get("properties");
        p.put("incompleteBlobListUri", "https://contoso.blob.core.windows.net/lists/incomplete.xml");
        ObjectNode key = p.putObject("encryptionKey");
        key.put("kekType", "CustomerManaged");
        key.put("kekUrl", "https://contoso.vault.azure.net/keys/importexport/0123456789abcdef");
        key.put(
                "kekVaultResourceID",
                "/subscriptions/" + TestServer.SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso");
        p.put("diagnosticsPath", "diagnostics/2026");
        p.put("logLevel", "Error");
        p.put("backupDriveManifest", false);
    }
}

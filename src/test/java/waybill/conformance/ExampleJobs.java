package waybill.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import waybill.api.TestServer;
import waybill.json.Mappers;

/**
 * The state an example presupposes: the job its answer shows, created with the same body fields, and moved by
 * the customer's ship call and the operators' facts to the state the answer shows.
 */
final class ExampleJobs {
    /** The fields of a job's answer that a create sends (PutJobParameters); the rest the service derives. */
    private static final List<String> CREATE_FIELDS = List.of(
            "storageAccountId",
            "jobType",
            "returnAddress",
            "returnShipping",
            "diagnosticsPath",
            "logLevel",
            "backupDriveManifest",
            "driveList",
            "export",
            "encryptionKey");
    /** What a drive of the answer carries that a create sends. */
    private static final List<String> DRIVE_FIELDS =
            List.of("driveId", "manifestFile", "manifestHash", "driveHeaderHash");

    private ExampleJobs() {}

    /** Creates the job {@code answer} shows at the job the example's parameters name. */
    static void create(TestServer app, JsonNode parameters, JsonNode answer) throws IOException {
        create(app, parameters, answer, keysOfTheListBitLockerKeysExample());
    }

    static void create(TestServer app, JsonNode parameters, JsonNode answer, Map<String, String> keys) {
        TestServer.Reply r = app.put(SpecificationExamplesTest.jobUri(parameters), createBody(answer, keys));
        assertEquals(201, r.status(), "set-up: creating the example's job: " + r.text());
    }

    /**
     * Creates a listed job at its id and moves it to the state the list shows: Shipping with the answer's
     * delivery package (the customer's update), then its package's arrival (Received), then each drive's copy
     * begun and at the job's percentage (Transferring).
     */
    static void createAndMove(TestServer app, JsonNode job) throws IOException {
        String id = job.get("id").asText();
        JsonNode props = job.get("properties");
        ObjectNode body = createBody(job, keysOfTheListBitLockerKeysExample());
        ObjectNode created = (ObjectNode) body.get("properties");
        if (!props.has("driveList") && "Import".equals(props.path("jobType").asText())) {
            // a list by resource group leaves each job's drives out (as the real service's did): the job held
            // the one drive its delivery package counts, here the GetJob example's
            created.set(
                    "driveList",
                    createBody(answer("GetJob.json"), keysOfTheListBitLockerKeysExample())
                            .at("/properties/driveList"));
        }
        TestServer.Reply r = app.put(id + "?" + TestServer.V, body);
        assertEquals(201, r.status(), "set-up: creating " + id + ": " + r.text());
        String state = props.get("state").asText();
        if (state.equals("Creating")) {
            return;
        }
        ObjectNode ship = Mappers.json().createObjectNode();
        ship.putObject("properties").put("state", "Shipping").set("deliveryPackage", props.get("deliveryPackage"));
        r = app.patch(id + "?" + TestServer.V, ship);
        assertEquals(200, r.status(), "set-up: shipping " + id + ": " + r.text());
        List<String> drives = created.get("driveList").findValuesAsText("driveId");
        fact(
                app,
                id,
                "PackageArrived",
                Map.of(
                        "driveIds", drives,
                        "carrierName", props.at("/deliveryPackage/carrierName").asText(),
                        "trackingNumber",
                                props.at("/deliveryPackage/trackingNumber").asText()));
        if (state.equals("Received")) {
            return;
        }
        for (String drive : drives) {
            fact(app, id, "DriveTransferStarted", Map.of("driveId", drive));
            fact(
                    app,
                    id,
                    "DriveProgress",
                    Map.of(
                            "driveId",
                            drive,
                            "percentComplete",
                            props.get("percentComplete").asInt()));
        }
    }

    private static void fact(TestServer app, String jobId, String type, Map<String, Object> fields) {
        ObjectNode fact = Mappers.json().valueToTree(fields);
        fact.put("type", type).put("jobId", jobId).put("factId", type + "-" + fields.hashCode());
        TestServer.Reply r = app.post("/ops/facts", fact);
        assertEquals(200, r.status(), "set-up: " + type + " on " + jobId + ": " + r.text());
    }

    private static ObjectNode createBody(JsonNode answer, Map<String, String> keys) {
        ObjectNode body = Mappers.json().createObjectNode();
        body.put("location", answer.get("location").asText());
        ObjectNode props = body.putObject("properties");
        for (String field : CREATE_FIELDS) {
            if (answer.get("properties").has(field)) {
                props.set(field, answer.get("properties").get(field).deepCopy());
            }
        }
        if (props.has("driveList")) {
            ArrayNode drives = props.putArray("driveList");
            for (JsonNode d : answer.at("/properties/driveList")) {
                ObjectNode drive = drives.addObject();
                DRIVE_FIELDS.forEach(f -> {
                    if (d.has(f)) {
                        drive.set(f, d.get(f));
                    }
                });
                // answers never show a drive's key; a create must send one
                drive.put(
                        "bitLockerKey",
                        keys.getOrDefault(
                                d.get("driveId").asText(),
                                keys.values().iterator().next()));
            }
        }
        return body;
    }

    private static JsonNode answer(String file) throws IOException {
        return SpecificationExamplesTest.example(file).at("/responses/200/body");
    }

    /** The key ListBitLockerKeys.json answers for its drive: the key the examples' jobs were created with. */
    private static Map<String, String> keysOfTheListBitLockerKeysExample() throws IOException {
        JsonNode k = answer("ListBitLockerKeys.json").at("/value/0");
        return Map.of(k.get("driveId").asText(), k.get("bitLockerKey").asText());
    }
}

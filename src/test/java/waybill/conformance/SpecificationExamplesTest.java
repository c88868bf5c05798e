package waybill.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import waybill.api.TestServer;
import waybill.json.Mappers;

/**
 * The REST specification's 2021-01-01 examples (src/test/resources/azure-examples/, README there), each replayed
 * against the service: the job its answer shows is created with the same body fields and moved by operator facts
 * to the state it shows, then the example's request is sent as written (its parameters make the URI, its
 * api-version the query) and the answer compared with the example's, status and body, field by field. What the
 * examples contradict (each other or the real service's recorded answers, which win) is normalised in
 * {@link ExampleNormalisations}, one method per difference, each saying why.
 */
class SpecificationExamplesTest {
    static final Path EXAMPLES = Path.of("src", "test", "resources", "azure-examples");
    /** West US as GetLocation.json answers it, and East US 2 as ListJobsInSubscription.json ships to it. */
    static final Path EXAMPLE_LOCATIONS = EXAMPLES.resolve("locations.yaml");

    @Test
    void getJobAnswersTheImportJobTheExampleShows() throws IOException {
        JsonNode example = example("GetJob.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), answer(example));
            compare(app, "GET", example, ExampleNormalisations.placeholders(answer(example), example));
        }
    }

    @Test
    void getExportJobAnswersTheExportJobTheExampleShowsWithoutAnEmptyDriveList() throws IOException {
        JsonNode example = example("GetExportJob.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), answer(example));
            JsonNode expected = ExampleNormalisations.placeholders(answer(example), example);
            compare(app, "GET", example, ExampleNormalisations.noEmptyDriveList(expected));
        }
    }

    @Test
    void updateJobSetsTheExamplesFieldsAndAnswersTheJob() throws IOException {
        JsonNode example = example("UpdateJob.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), answer(example));
            compare(app, "PATCH", example, ExampleNormalisations.placeholders(answer(example), example));
        }
    }

    @Test
    void updateExportJobSetsTheExamplesFieldsAndAnswersTheJob() throws IOException {
        JsonNode example = example("UpdateExportJob.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), answer(example));
            compare(app, "PATCH", example, ExampleNormalisations.placeholders(answer(example), example));
        }
    }

    @Test
    void listBitLockerKeysAnswersTheKeyOfTheExamplesDrive() throws IOException {
        JsonNode example = example("ListBitLockerKeys.json");
        JsonNode job = answer(example("GetJob.json"));
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), job, keysOf(answer(example)));
            compare(app, "POST", "/listBitLockerKeys", example, answer(example));
        }
    }

    @Test
    void deleteJobAnswers200WithNoBodyAndTheJobIsGone() throws IOException {
        JsonNode example = example("DeleteJob.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            ExampleJobs.create(app, example.at("/parameters"), answer(example("GetJob.json")));
            compare(app, "DELETE", example, null);
            assertEquals(404, app.get(jobUri(example.at("/parameters"))).status());
        }
    }

    @Test
    void listJobsInResourceGroupAnswersTheReceivedJobTheExampleShows() throws IOException {
        JsonNode example = example("ListJobsInResourceGroup.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            for (JsonNode job : answer(example).get("value")) {
                ExampleJobs.createAndMove(app, job);
            }
            compare(app, "GET", example, ExampleNormalisations.placeholders(answer(example), example));
        }
    }

    @Test
    void listJobsInSubscriptionAnswersTheReceivedAndTransferringJobsTheExampleShows() throws IOException {
        JsonNode example = example("ListJobsInSubscription.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            for (JsonNode job : answer(example).get("value")) {
                ExampleJobs.createAndMove(app, job);
            }
            JsonNode expected = ExampleNormalisations.placeholders(answer(example), example);
            compare(app, "GET", example, ExampleNormalisations.finishedDriveStillCopying(expected));
        }
    }

    @Test
    void getLocationAnswersTheExamplesDataCenter() throws IOException {
        JsonNode example = example("GetLocation.json");
        try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
            compare(app, "GET", example, answer(example));
        }
    }

    @Test
    void listLocationsAnswersTheExamplesCatalogueServedFromItsOwnFile() throws IOException {
        JsonNode example = example("ListLocations.json");
        try (TestServer app = TestServer.withLocations(EXAMPLES.resolve("locations-ListLocations.yaml"))) {
            compare(app, "GET", example, answer(example));
        }
    }

    @Test
    void createJobAndCreateExportJobAnswerTheExamplesJobs() throws IOException {
        for (String file : List.of("CreateJob.json", "CreateExportJob.json")) {
            JsonNode example = example(file);
            JsonNode created = example.at("/responses/201/body");
            try (TestServer app = TestServer.withLocations(EXAMPLE_LOCATIONS)) {
                TestServer.Reply r = app.put(jobUri(example.at("/parameters")), example.at("/parameters/body"));
                assertEquals(201, r.status(), file + ": " + r.text());
                assertEquals(List.of(), differences(ExampleNormalisations.placeholders(created, example), r), file);
            }
        }
    }

    static JsonNode example(String file) throws IOException {
        return Mappers.json().readTree(Files.readString(EXAMPLES.resolve(file)));
    }

    private static JsonNode answer(JsonNode example) {
        JsonNode ok = example.at("/responses/200/body");
        return ok.isMissingNode() ? null : ok;
    }

    private static Map<String, String> keysOf(JsonNode keys) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        keys.get("value")
                .forEach(k ->
                        out.put(k.get("driveId").asText(), k.get("bitLockerKey").asText()));
        return out;
    }

    /** The example's parameters as the request's URI: the route its parameters name, its api-version. */
    static String jobUri(JsonNode p) {
        return jobPath(p) + "?api-version=" + p.get("api-version").asText();
    }

    static String jobPath(JsonNode p) {
        return TestServer.jobPath(
                p.get("subscriptionId").asText(),
                p.get("resourceGroupName").asText(),
                p.get("jobName").asText());
    }

    private static String uri(JsonNode p) {
        String v = "?api-version=" + p.get("api-version").asText();
        if (p.has("jobName")) {
            return jobPath(p) + "%s" + v;
        }
        if (p.has("resourceGroupName")) {
            return "/subscriptions/" + p.get("subscriptionId").asText() + "/resourceGroups/"
                    + p.get("resourceGroupName").asText() + "/providers/Microsoft.ImportExport/jobs%s" + v;
        }
        if (p.has("subscriptionId")) {
            return "/subscriptions/" + p.get("subscriptionId").asText() + "/providers/Microsoft.ImportExport/jobs%s"
                    + v;
        }
        if (p.has("locationName")) {
            return "/providers/Microsoft.ImportExport/locations/"
                    + p.get("locationName").asText().replace(" ", "%%20") + "%s" + v;
        }
        return "/providers/Microsoft.ImportExport/locations%s" + v;
    }

    private static void compare(TestServer app, String method, JsonNode example, JsonNode expected) {
        compare(app, method, "", example, expected);
    }

    /** Sends the example's request as written and compares status and body with the (normalised) example's. */
    private static void compare(TestServer app, String method, String action, JsonNode example, JsonNode expected) {
        JsonNode p = example.get("parameters");
        String uri = String.format(uri(p), action);
        TestServer.Reply r = app.send(method, uri, p.get("body"));
        int status = Integer.parseInt(example.get("responses").fieldNames().next());
        assertEquals(status, r.status(), method + " " + uri + ": " + r.text());
        List<String> differences = differences(expected, r);
        assertEquals(List.of(), differences, method + " " + uri + ": " + differences.size() + " differences");
    }

    /** Field by field; a job's systemData must hold the six members the examples show, their values the service's. */
    private static List<String> differences(JsonNode expected, TestServer.Reply r) {
        JsonNode answered = r.json();
        List<String> out = new ArrayList<>();
        if (answered != null && (answered.has("properties") && answered.has("systemData") || isJobList(answered))) {
            answered = ExampleNormalisations.withoutSystemData(answered, out);
        }
        out.addAll(JsonDifferences.between(expected, answered));
        return out;
    }

    private static boolean isJobList(JsonNode answered) {
        return answered.has("value")
                && answered.at("/value/0/properties/jobType").isTextual();
    }
}

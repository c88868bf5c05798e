package waybill.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the specification's examples say that the service cannot or should not answer, each changed in a copy of
 * the example's answer (never in the service's), one method per difference, with the reason. Nothing else is
 * normalised: every other field is compared as the example writes it.
 */
final class ExampleNormalisations {
    /** The phone GetLocation.json, UpdateJob.json and ListJobsInResourceGroup.json give West US's data center. */
    static final String WEST_US_PHONE = "408 352 7600";

    private ExampleNormalisations() {}

    /**
     * The examples' placeholders, in each job of an answer (a job, or a list's {@code value}):
     *
     * <ul>
     *   <li>{@code systemData}: "string" for who created and modified the job, a fixed {@code createdByType}
     *       ("User" in most examples, "application" in CreateJob.json) and instants of 2020. Who and when vary
     *       with every run and caller; the six members must be there, their values are the service's.
     *   <li>{@code id} of GetJob.json and GetExportJob.json: it ends in {@code /jobs/test} while the request, the
     *       answer's {@code name} and every other example name the job {@code myJob}; a resource's id is the path
     *       it was asked at (as in every recorded answer of the real service), so the id is the request's path.
     *   <li>{@code shippingInformation.phone} "408 0000 0000" in GetJob.json, GetExportJob.json and
     *       CreateJob.json: a masked number, where GetLocation.json, UpdateJob.json, UpdateExportJob.json and
     *       ListJobsInResourceGroup.json give the same West US address with the phone 408 352 7600, the number the
     *       real service's catalogue answered too (config/locations.yaml). A job's shipping information is its
     *       location's address, so it is the catalogue's phone.
     * </ul>
     */
    static JsonNode placeholders(JsonNode answer, JsonNode example) {
        JsonNode copy = answer.deepCopy();
        for (JsonNode job : jobs(copy)) {
            ((ObjectNode) job).remove("systemData");
            JsonNode p = example.get("parameters");
            if (p.has("jobName")
                    && job.path("name").asText().equals(p.get("jobName").asText())) {
                ((ObjectNode) job).put("id", SpecificationExamplesTest.jobPath(p));
            }
            JsonNode shipping = job.at("/properties/shippingInformation");
            if ("408 0000 0000".equals(shipping.path("phone").asText())) {
                ((ObjectNode) shipping).put("phone", WEST_US_PHONE);
            }
        }
        return copy;
    }

    /** The systemData set aside by {@link #placeholders} is checked for its six members, then left out. */
    static JsonNode withoutSystemData(JsonNode answered, List<String> problems) {
        JsonNode copy = answered.deepCopy();
        for (JsonNode job : jobs(copy)) {
            JsonNode sd = job.get("systemData");
            List<String> members = new ArrayList<>();
            if (sd != null) {
                sd.fieldNames().forEachRemaining(members::add);
            }
            if (!members.containsAll(SYSTEM_DATA)) {
                problems.add(job.path("name").asText() + ".systemData: answered " + members + ", the examples show "
                        + SYSTEM_DATA);
            }
            ((ObjectNode) job).remove("systemData");
        }
        return copy;
    }

    private static final List<String> SYSTEM_DATA = List.of(
            "createdBy", "createdByType", "createdAt", "lastModifiedBy", "lastModifiedByType", "lastModifiedAt");

    /**
     * GetExportJob.json shows an export job without drives with {@code "driveList": []}; UpdateExportJob.json and
     * CreateExportJob.json show the same job with no driveList at all. The service answers one shape for an export
     * job from its create to its drives' arrival: no driveList (docs/api.md says why), so the empty list is left out.
     */
    static JsonNode noEmptyDriveList(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        JsonNode props = copy.get("properties");
        if (props.path("driveList").isArray() && props.get("driveList").isEmpty()) {
            ((ObjectNode) props).remove("driveList");
        }
        return copy;
    }

    /**
     * ListJobsInSubscription.json's second job is Transferring at 6 percent, its one drive's copy "InProgress",
     * yet that drive is "CompletedMoreInfo" with the logs of a finished copy. The life cycle has no such job: a
     * drive whose copy finished is at 100 percent with the copy status of its state, and a job whose every drive
     * finished is Packaging (docs/reference/lifecycle.md). The job's own story is kept (Transferring, 6 percent,
     * the drive's copy in progress): the drive is Transferring at the job's percentage (a job's percentage is
     * the mean of its drives'), and has no logs yet (the service writes them when a copy finishes, at the job's
     * storage account, where the example's point at a placeholder account, foo).
     */
    static JsonNode finishedDriveStillCopying(JsonNode list) {
        JsonNode copy = list.deepCopy();
        for (JsonNode job : copy.get("value")) {
            JsonNode props = job.get("properties");
            if (!"Transferring".equals(props.path("state").asText())) {
                continue;
            }
            for (JsonNode d : props.get("driveList")) {
                if ("CompletedMoreInfo".equals(d.path("state").asText())
                        && "InProgress".equals(d.path("copyStatus").asText())) {
                    ObjectNode drive = (ObjectNode) d;
                    drive.put("state", "Transferring");
                    drive.put("percentComplete", props.get("percentComplete").asInt());
                    drive.remove(List.of("verboseLogUri", "errorLogUri", "manifestUri"));
                }
            }
        }
        return copy;
    }

    private static List<JsonNode> jobs(JsonNode answer) {
        List<JsonNode> out = new ArrayList<>();
        if (answer.has("value")) {
            answer.get("value").forEach(out::add);
        } else {
            out.add(answer);
        }
        return out;
    }
}

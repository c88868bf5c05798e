package waybill.store.mongo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts that bring import jobs to Transferring, drive {@code 9CA995B1} in transfer (created, shipped,
 * arrived, transfer started), as {@code bench/load.sh} seeds them: one {@code POST /ops/facts} body.
 */
public final class Transferring {
    public static final String DRIVE = "9CA995B1";

    private Transferring() {}

    /** Four facts a job, for each of {@code jobIds} (full ARM ids). */
    public static List<Map<String, Object>> facts(List<String> jobIds) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String job : jobIds) {
            String sub = job.substring(0, job.indexOf("/providers/"));
            Map<String, Object> address = Map.of(
                    "recipientName", "Test",
                    "streetAddress1", "Street1",
                    "city", "Redmond",
                    "postalCode", "98007",
                    "countryOrRegion", "USA",
                    "phone", "4250000000",
                    "email", "test@contoso.com");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("storageAccountId", sub + "/providers/Microsoft.Storage/storageAccounts/contoso");
            properties.put("jobType", "Import");
            properties.put("logLevel", "Verbose");
            properties.put("returnAddress", address);
            properties.put("returnShipping", Map.of("carrierName", "FedEx", "carrierAccountNumber", "989ffff"));
            properties.put("deliveryPackage", Map.of("carrierName", "FedEx", "trackingNumber", "123456789"));
            properties.put(
                    "driveList",
                    List.of(Map.of(
                            "driveId", DRIVE,
                            "bitLockerKey", "238810-662376-448998-450120-652806-203390-606320-483071",
                            "manifestFile", "\\8a0c23f7.manifest",
                            "manifestHash", "4228EC5D8E04")));
            out.add(Map.of(
                    "type",
                    "CreateJob",
                    "jobId",
                    job,
                    "request",
                    Map.of("location", "West US", "properties", properties)));
            out.add(Map.of(
                    "type", "UpdateJob", "jobId", job, "request", Map.of("properties", Map.of("state", "Shipping"))));
            out.add(Map.of("type", "PackageArrived", "jobId", job, "driveIds", List.of(DRIVE)));
            out.add(Map.of("type", "DriveTransferStarted", "jobId", job, "driveId", DRIVE));
        }
        return out;
    }
}

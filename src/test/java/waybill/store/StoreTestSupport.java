package waybill.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.CreateJob;
import waybill.fact.Fact;
import waybill.fact.UpdateJob;
import waybill.json.Mappers;

/** Facts built as the fixture replayer builds them, and the personal data the erasure test looks for. */
public final class StoreTestSupport {
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    public static final ObjectMapper JSON = Mappers.json();
    public static final String EMAIL = "test@contoso.com";
    public static final String PHONE = "4250000000";
    public static final String KEY = "238810-662376-448998-450120-652806-203390-606320-483076";
    public static final String TRACKING_IN = "123456789";
    public static final String TRACKING_BACK = "777000111";
    public static final String ACCOUNT = "989ffff";
    private static Rulebook rules;

    private StoreTestSupport() {}

    public static synchronized Rulebook rules() throws Exception {
        if (rules == null) {
            rules = RulebookLoader.load(Path.of("rules"), T0);
        }
        return rules;
    }

    public static String jobId(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/" + name;
    }

    public static CreateJob create(String jobId, String factId) throws Exception {
        CreateJob c = new CreateJob();
        c.setJobId(jobId);
        c.setFactId(factId);
        c.setRequest(JSON.readValue("""
                {"location": "West US", "properties": {
                  "storageAccountId": "/subscriptions/s1/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/contoso",
                  "jobType": "Import",
                  "returnAddress": {"recipientName": "Test", "streetAddress1": "Street1", "city": "Redmond",
                      "postalCode": "98007", "countryOrRegion": "USA", "phone": "%s", "email": "%s"},
                  "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "%s"},
                  "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "%s"},
                  "driveList": [{"driveId": "9CA995BB", "bitLockerKey": "%s"}]}}
                """.formatted(PHONE, EMAIL, ACCOUNT, TRACKING_IN, KEY), PutJobParameters.class));
        return c;
    }

    public static UpdateJob update(String jobId, String factId, String body) throws Exception {
        UpdateJob u = new UpdateJob();
        u.setJobId(jobId);
        u.setFactId(factId);
        u.setRequest(JSON.readValue(body, UpdateJobParameters.class));
        return u;
    }

    public static Fact fact(String jobId, String factId, String json) throws Exception {
        Fact f = JSON.readValue(json, Fact.class);
        f.setJobId(jobId);
        f.setFactId(factId);
        return f;
    }
}

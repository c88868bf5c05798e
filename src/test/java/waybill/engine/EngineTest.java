package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.drive.DriveState;
import waybill.fact.CreateJob;
import waybill.fact.PackageArrived;
import waybill.fact.UpdateJob;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.json.Mappers;

/** decide() is a pure function of rulebook, job, fact and instant. */
class EngineTest {
    static final String JOB = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/j1";
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final ObjectMapper JSON = Mappers.json();
    static Rulebook rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RulebookLoader.load(Path.of("rules"), T0);
    }

    static CreateJob create() throws Exception {
        CreateJob c = new CreateJob();
        c.setJobId(JOB);
        c.setRequest(JSON.readValue("""
                {"location": "West US", "properties": {
                  "storageAccountId": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
                  "jobType": "Import",
                  "driveList": [{"driveId": "D1", "bitLockerKey": "111111-222222"},
                                {"driveId": "D2", "bitLockerKey": "333333-444444"}]}}
                """, PutJobParameters.class));
        return c;
    }

    static UpdateJob update(String json) throws Exception {
        UpdateJob u = new UpdateJob();
        u.setJobId(JOB);
        u.setRequest(JSON.readValue(json, UpdateJobParameters.class));
        return u;
    }

    static Job created() throws Exception {
        return Engine.decide(rules, null, create(), T0).job();
    }

    @Test
    void aCreatedImportJobIsCreatingWithSpecifiedDrivesAndATwoWeekExpiry() throws Exception {
        Decision d = Engine.decide(rules, null, create(), T0);
        assertTrue(d.accepted());
        assertEquals(JobState.Creating, d.job().getState());
        assertEquals(DriveState.Specified, d.job().drive("D1").orElseThrow().getState());
        assertEquals(T0.plusSeconds(14 * 86400), d.nextTimer());
        assertEquals(rules.revision(), d.rulesRevision());
        Transition t = d.transitions().get(0);
        assertEquals(new Transition("job", null, null, "Creating", "A new job starts in Creating"), t);
    }

    @Test
    void firedRulesCarryTheirFileLineAndPhase() throws Exception {
        Decision d = Engine.decide(rules, null, create(), T0);
        FiredRule r = d.firedRules().stream()
                .filter(f -> f.name().equals("A new job starts in Creating"))
                .findFirst()
                .orElseThrow();
        assertEquals("creating.drl", r.file());
        assertEquals(rules.source(r.name()).line(), r.line());
        assertEquals("decide", r.phase());
    }

    @Test
    void aRefusalChangesNothingAndSaysWhichRuleRefusedAndWhy() throws Exception {
        Job job = created();
        String before = JSON.writeValueAsString(job);
        Decision d =
                Engine.decide(rules, job, update("{\"properties\": {\"state\": \"Shipping\"}}"), T0.plusSeconds(60));
        assertFalse(d.accepted());
        assertSame(job, d.job());
        assertEquals(before, JSON.writeValueAsString(job));
        Refusal r = d.rejections().get(0);
        assertEquals("Shipping needs a delivery package and a return address", r.getRule());
        assertEquals(Refusal.Kind.Invalid, r.getKind());
        assertTrue(r.getReason().contains("deliveryPackage"), r.getReason());
        assertTrue(d.transitions().isEmpty() && d.actions().isEmpty());
    }

    @Test
    void anAcceptedDecisionLeavesTheCurrentJobUntouched() throws Exception {
        Job job = created();
        String before = JSON.writeValueAsString(job);
        Decision d = Engine.decide(rules, job, update("""
                {"properties": {"state": "Shipping",
                  "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "1Z"},
                  "returnAddress": {"recipientName": "R", "streetAddress1": "S", "city": "C", "postalCode": "P",
                                    "countryOrRegion": "USA", "phone": "1", "email": "e@x"}}}
                """), T0.plusSeconds(60));
        assertTrue(d.accepted(), () -> d.rejections().toString());
        assertEquals(JobState.Shipping, d.job().getState());
        assertEquals(before, JSON.writeValueAsString(job));
    }

    @Test
    void theSameInputsGiveTheSameDecision() throws Exception {
        Job job = created();
        Decision a = Engine.decide(rules, job, update("{\"tags\": {\"k\": \"v\"}}"), T0.plusSeconds(5));
        Decision b = Engine.decide(rules, job, update("{\"tags\": {\"k\": \"v\"}}"), T0.plusSeconds(5));
        assertEquals(JSON.writeValueAsString(a.job()), JSON.writeValueAsString(b.job()));
        assertEquals(a.firedRules(), b.firedRules());
        assertEquals(a.transitions(), b.transitions());
    }

    @Test
    void aPackageForAJobThatDoesNotExistIsAcceptedAndTracked() {
        PackageArrived p = new PackageArrived();
        p.setJobId(JOB);
        p.setDriveIds(List.of("X1"));
        Decision d = Engine.decide(rules, null, p, T0);
        assertTrue(d.accepted(), () -> d.rejections().toString());
        assertTrue(d.keepsJob());
        assertFalse(d.job().isRegistered());
        assertEquals(List.of("X1"), d.job().getHeldDriveIds());
        assertEquals(ActionType.ContactCustomer, d.actions().get(0).getType());
        assertNotNull(d.nextTimer());
        assertNull(d.job().getState());
    }
}

package waybill.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import waybill.job.Deadline;
import waybill.job.DeadlineName;
import waybill.job.Job;
import waybill.job.JobState;
import waybill.json.Mappers;

/** The typed vocabulary is written and read with the spellings stored jobs, the API and fixtures use. */
class WireSpellingTest {
    final ObjectMapper json = Mappers.json();

    @Test
    void aCustomerResponseIsReadAndWrittenAsSpelt() throws Exception {
        CustomerResponded r = (CustomerResponded) json.readValue(
                "{\"type\":\"CustomerResponded\",\"jobId\":\"j\",\"response\":\"ExtendWait\",\"extendDays\":3}",
                Fact.class);
        assertEquals(CustomerResponse.ExtendWait, r.getResponse());
        String written = json.writeValueAsString(r);
        assertEquals(
                "{\"type\":\"CustomerResponded\",\"jobId\":\"j\",\"response\":\"ExtendWait\",\"extendDays\":3}",
                written);
    }

    @Test
    void aResponseNoRuleKnowsIsKeptAsSentForTheRuleThatRefusesIt() throws Exception {
        CustomerResponded r = (CustomerResponded) json.readValue(
                "{\"type\":\"CustomerResponded\",\"jobId\":\"j\",\"response\":\"ExtendWiat\"}", Fact.class);
        assertNull(r.getResponse());
        assertEquals("ExtendWiat", r.getResponseSent());
        assertTrue(json.writeValueAsString(r).contains("\"response\":\"ExtendWiat\""));
    }

    @Test
    void aDeadlineKeepsItsWireNameInAStoredJob() throws Exception {
        Job job = new Job();
        job.getDeadlines()
                .add(new Deadline(
                        DeadlineName.PackageArrival, Instant.parse("2026-03-16T09:00:00Z"), JobState.Shipping));
        job.getPausedTimers().add(DeadlineName.MissingPackageResponse);
        String written = json.writeValueAsString(job);
        assertTrue(written.contains("\"name\":\"package-arrival\""), written);
        assertTrue(written.contains("\"pausedTimers\":[\"missing-package-response\"]"), written);
        Job read = json.readValue(written, Job.class);
        assertEquals(DeadlineName.PackageArrival, read.getDeadlines().get(0).getName());
        assertEquals(DeadlineName.MissingPackageResponse, read.getPausedTimers().get(0));
    }

    @Test
    void aDeadlineNameNoRuleKnowsIsRefusedWithTheKnownOnes() {
        Exception e =
                assertThrows(Exception.class, () -> json.readValue("{\"name\":\"package-arival\"}", Deadline.class));
        assertTrue(e.getMessage().contains("unknown deadline name 'package-arival'"), e.getMessage());
        assertTrue(e.getMessage().contains("package-arrival"), e.getMessage());
    }
}

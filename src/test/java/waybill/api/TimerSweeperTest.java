package waybill.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import waybill.azure.PutJobParameters;
import waybill.decision.Decisions;
import waybill.decision.Metrics;
import waybill.decision.TimerSweeper;
import waybill.fact.CreateJob;
import waybill.json.Mappers;
import waybill.rulesops.RulesHolder;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/** The system-clock sweeper fires what its (injected) clock says is due; driven by hand here, never by sleeping. */
class TimerSweeperTest {
    @Test
    void aSweepFiresTheTimersDueByTheClockAndNoOthers() throws Exception {
        ManualClock clock = new ManualClock(TestServer.START);
        MemoryStore store = new MemoryStore();
        Decisions decisions =
                new Decisions(RulesHolder.load(Path.of("rules"), clock), store, clock, new Metrics(store, clock));
        CreateJob create = new CreateJob();
        create.setJobId(TestServer.jobPath("rg-sweep", "job1"));
        create.setRequest(Mappers.json()
                .treeToValue(TestServer.example("CreateJob.json", "parameters", "body"), PutJobParameters.class));
        assertTrue(decisions.submit(create).accepted());
        TimerSweeper sweeper = new TimerSweeper(decisions, clock);

        clock.advance(Duration.ofDays(13));
        sweeper.sweep();
        assertTrue(store.find(create.getJobId()).isPresent());

        clock.advance(Duration.ofDays(1));
        sweeper.sweep();
        assertFalse(store.find(create.getJobId()).isPresent());
        sweeper.close();
    }
}

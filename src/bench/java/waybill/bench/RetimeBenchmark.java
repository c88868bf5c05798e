package waybill.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.decision.Processor;
import waybill.decision.Retiming;
import waybill.engine.Rulebook;
import waybill.engine.RulebookLoader;
import waybill.fact.CreateJob;
import waybill.fact.Fact;
import waybill.fact.RulesChanged;
import waybill.fact.UpdateJob;
import waybill.json.Mappers;
import waybill.scenario.Replayer;
import waybill.scenario.ScenarioGate;
import waybill.scenario.ScenarioResult;
import waybill.store.MemoryStore;
import waybill.timers.ManualClock;

/**
 * Open jobs re-timed per second against engine decisions per second, in the same run:
 * {@code RetimeBenchmark [jobs...]} (default 1000). For each size, on the in-memory store: that many
 * import jobs are created and shipped one after another (two decisions each: the engine's rate); ten days
 * later the package wait becomes three weeks and every open job is re-timed as {@code reload?retime=true}
 * does it: the plan (each job's recorded facts decided again under the new rules) and the apply (one
 * RulesChanged decision per job moved), timed apart. Also prints the decisions a retime costs per job on
 * the fixtures' stories (their recorded facts, replayed, plus one). The MongoDB store adds its scan of the
 * open jobs' facts and one write per job moved; this measures the decisions.
 */
public final class RetimeBenchmark {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String JOBS = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/retime/providers/"
            + "Microsoft.ImportExport/jobs/job";

    private RetimeBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length == 0
                ? List.of(1000)
                : java.util.Arrays.stream(args).map(Integer::parseInt).toList();
        Path rulesDir = Path.of(System.getProperty("waybill.rules", "rules"));
        Rulebook current = RulebookLoader.load(rulesDir, T0);
        Map<String, String> files = new TreeMap<>(current.texts());
        files.put(
                "limits.drl",
                files.get("limits.drl")
                        .replace(
                                "packageArrivalWait() { return \"P14D\"; }",
                                "packageArrivalWait() { return \"P21D\"; }"));
        Rulebook threeWeeks = RulebookLoader.compile(files, T0);
        fixtureCost(current);
        for (int n : sizes) {
            run(n, current, threeWeeks);
        }
        RulebookLoader.retire(current);
        RulebookLoader.retire(threeWeeks);
    }

    static void run(int n, Rulebook current, Rulebook threeWeeks) throws Exception {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore();
        Processor processor = new Processor(() -> current, store, clock);
        PutJobParameters body = Mappers.json()
                .readValue(
                        RetimeBenchmark.class.getResourceAsStream("/azure-examples/CreateJob.json"),
                        com.fasterxml.jackson.databind.JsonNode.class)
                .at("/parameters/body")
                .traverse(Mappers.json())
                .readValueAs(PutJobParameters.class);
        UpdateJobParameters ship = Mappers.json()
                .readValue(
                        "{\"properties\":{\"state\":\"Shipping\",\"deliveryPackage\":{\"carrierName\":\"FedEx\",\"trackingNumber\":\"1Z\"}}}",
                        UpdateJobParameters.class);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CreateJob c = new CreateJob();
            c.setJobId(JOBS + i);
            c.setRequest(body);
            processor.submit(c);
            UpdateJob u = new UpdateJob();
            u.setJobId(JOBS + i);
            u.setRequest(ship);
            processor.submit(u);
        }
        double decideSeconds = (System.nanoTime() - t0) / 1e9;
        clock.set(T0.plus(Duration.ofDays(10)));

        Map<String, List<Fact>> open = store.openJobFacts();
        long t1 = System.nanoTime();
        Retiming.Plan plan = Retiming.plan(threeWeeks, open, store::find, clock.instant());
        double planSeconds = (System.nanoTime() - t1) / 1e9;
        Processor after = new Processor(() -> threeWeeks, store, clock);
        long t2 = System.nanoTime();
        List<RulesChanged> facts = Retiming.facts(
                plan,
                current.revision(),
                threeWeeks.revision(),
                RulesChanged.key(threeWeeks.revision(), clock.instant()),
                "bench",
                clock.instant());
        Retiming.apply(facts, after::submit);
        double applySeconds = (System.nanoTime() - t2) / 1e9;

        long replayed = open.values().stream().mapToLong(List::size).sum();
        System.out.printf(
                "%d jobs: engine %.0f decisions/s (%d decisions in %.2f s); retime %.0f jobs/s (plan %.2f s: %d facts"
                        + " replayed, %.1f per job; apply %.2f s: %d RulesChanged decisions); %d deadlines moved%n",
                n,
                2 * n / decideSeconds,
                2 * n,
                decideSeconds,
                plan.jobsMoved() / (planSeconds + applySeconds),
                planSeconds,
                replayed,
                (double) replayed / n,
                applySeconds,
                facts.size(),
                plan.deadlinesMoved());
    }

    /** Decisions a retime costs per job on the fixtures' stories: each scenario's decisions, replayed, plus one. */
    static void fixtureCost(Rulebook current) throws Exception {
        Replayer replayer = new Replayer(current);
        int scenarios = 0;
        int total = 0;
        int most = 0;
        for (var s : new ScenarioGate(Path.of(System.getProperty("waybill.fixtures", "fixtures"))).scenarios()) {
            ScenarioResult r = replayer.replay(s);
            int decisions =
                    r.steps().stream().mapToInt(x -> x.decisions().size()).sum();
            scenarios++;
            total += decisions;
            most = Math.max(most, decisions);
        }
        System.out.printf(
                "fixtures: %d scenarios, %.1f recorded decisions per story on average (at most %d): a retime replays"
                        + " them and adds one decision per job moved%n",
                scenarios, (double) total / scenarios, most);
    }
}

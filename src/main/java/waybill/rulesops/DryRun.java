package waybill.rulesops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import waybill.decision.Rehearsal;
import waybill.decision.Retiming;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.rulesops.history.FileChange;
import waybill.scenario.Failure;
import waybill.scenario.Outcome;
import waybill.scenario.Replayer;
import waybill.scenario.Scenario;
import waybill.scenario.ScenarioResult;

/**
 * Where a candidate rulebook would decide differently from the active one, before anything is
 * activated: every scenario is replayed under both (and checked against its expectations under the
 * candidate, as the reload gate would), and every open job's recorded facts are decided again in
 * memory under both ({@link Rehearsal}: each fact at its instant, timers fired on the way up to
 * {@code until}). Outcomes are compared decision by decision: result (accepted, refused and by which
 * rule), state transitions, actions, timers and deletion. Nothing is written anywhere. A candidate whose
 * rules fail when they run (a rule throws, or a decision goes past its budget) is reported at its first
 * failure: the scenarios after it and the open jobs are not replayed.
 */
public final class DryRun {
    /** A scenario step that decides differently. */
    public record FixtureDiff(String file, int step, String description, List<String> changes) {}

    /** An open job whose facts decide differently. */
    public record JobDiff(String jobId, int facts, List<String> changes) {}

    /** The whole comparison. {@code differs}: some fixture step or job decides differently. */
    public record Report(
            String activeRevision,
            String candidateRevision,
            List<FileChange> changedFiles,
            Instant until,
            int scenariosReplayed,
            int jobsReplayed,
            List<FixtureDiff> fixtureDifferences,
            List<JobDiff> jobDifferences,
            boolean gateWouldPass,
            List<Failure> fixtureFailures,
            boolean differs,
            Retiming.Plan retimed) {

        /**
         * The same report, with the preview of moving the open jobs' deadlines (what {@code reload?retime=true}
         * would move): {@code retimed}.
         */
        public Report withRetimed(Retiming.Plan plan) {
            return new Report(
                    activeRevision,
                    candidateRevision,
                    changedFiles,
                    until,
                    scenariosReplayed,
                    jobsReplayed,
                    fixtureDifferences,
                    jobDifferences,
                    gateWouldPass,
                    fixtureFailures,
                    differs,
                    plan);
        }

        /** The report as text: a line per difference, then a summary line. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (FixtureDiff d : fixtureDifferences) {
                out.add("fixture " + d.file() + " step " + d.step() + " (" + d.description() + "):");
                d.changes().forEach(c -> out.add("    " + c));
            }
            for (JobDiff d : jobDifferences) {
                out.add("job " + d.jobId() + " (" + d.facts() + " recorded facts):");
                d.changes().forEach(c -> out.add("    " + c));
            }
            if (!fixtureFailures.isEmpty()) {
                out.add("the candidate fails " + fixtureFailures.size()
                        + " fixture expectation(s): a reload is refused "
                        + "unless forced (or the fixtures are updated first):");
                fixtureFailures.forEach(f -> out.add("    " + f.file() + " step " + f.step() + ": " + f.what()
                        + "; expected " + f.expected() + ", actual " + f.actual()));
            }
            List<String> retime = retimed.lines();
            out.addAll(retime.subList(0, retime.size() - 1));
            out.add(activeRevision + " -> " + candidateRevision + ": " + fixtureDifferences.size()
                    + " fixture step(s) of "
                    + scenariosReplayed + " scenario(s) and " + jobDifferences.size() + " of " + jobsReplayed
                    + " open job(s) decide differently"
                    + (changedFiles.isEmpty() ? "" : "; files changed: " + changedFiles)
                    + "; with retime: " + retime.get(retime.size() - 1));
            return out;
        }
    }

    private DryRun() {}

    public static Report compare(
            Rulebook active,
            Rulebook candidate,
            List<Scenario> scenarios,
            Map<String, List<Fact>> openJobs,
            Instant until) {
        List<FixtureDiff> fixtureDiffs = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Replayer before = new Replayer(active);
        Replayer after = new Replayer(candidate);
        int replayed = 0;
        boolean rulesFail = false;
        for (Scenario s : scenarios) {
            if (rulesFail) {
                break; // the candidate's rules fail when they run: that is the answer, the rest would repeat it
            }
            replayed++;
            ScenarioResult a = before.replay(s);
            ScenarioResult b = after.replay(s);
            failures.addAll(b.failures());
            rulesFail = b.failures().stream().anyMatch(f -> f.rule() != null);
            for (int i = 0; i < Math.max(a.steps().size(), b.steps().size()); i++) {
                ScenarioResult.StepDecisions sa =
                        i < a.steps().size() ? a.steps().get(i) : null;
                ScenarioResult.StepDecisions sb =
                        i < b.steps().size() ? b.steps().get(i) : null;
                List<String> changes = compare(
                        sa == null ? List.of() : sa.decisions(), sb == null ? List.of() : sb.decisions(), false);
                if (!changes.isEmpty()) {
                    ScenarioResult.StepDecisions step = sa != null ? sa : sb;
                    fixtureDiffs.add(new FixtureDiff(s.file, step.step(), step.description(), changes));
                }
            }
        }
        List<JobDiff> jobDiffs = new ArrayList<>();
        Map<String, List<Fact>> jobs = rulesFail ? Map.of() : openJobs;
        for (Map.Entry<String, List<Fact>> job : jobs.entrySet()) {
            List<String> changes;
            try {
                changes = compare(
                        Rehearsal.run(active, job.getValue(), until),
                        Rehearsal.run(candidate, job.getValue(), until),
                        true);
            } catch (RuntimeException e) {
                changes = List.of("the recorded facts could not be decided again: " + e);
            }
            if (!changes.isEmpty()) {
                jobDiffs.add(new JobDiff(job.getKey(), job.getValue().size(), changes));
            }
        }
        return new Report(
                active.revision(),
                candidate.revision(),
                FileChange.between(active.files(), candidate.files()),
                until,
                replayed,
                jobs.size(),
                fixtureDiffs,
                jobDiffs,
                failures.isEmpty(),
                failures,
                !fixtureDiffs.isEmpty() || !jobDiffs.isEmpty(),
                Retiming.Plan.NONE);
    }

    /** Decision by decision: "decision n (fact): part: before -> after". */
    static List<String> compare(List<Decision> before, List<Decision> after, boolean numbered) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            String label = numbered ? "decision " + (i + 1) + ": " : "";
            if (i >= before.size()) {
                changes.add(label + "new decision: " + describe(Outcome.of(after.get(i))));
            } else if (i >= after.size()) {
                changes.add(label + "decision no longer made: " + describe(Outcome.of(before.get(i))));
            } else {
                Outcome a = Outcome.of(before.get(i));
                List<String> diff = a.differences(Outcome.of(after.get(i)));
                String prefix = numbered ? "decision " + (i + 1) + " (" + a.fact() + "): " : "";
                diff.forEach(d -> changes.add(prefix + d));
            }
        }
        return changes;
    }

    private static String describe(Outcome o) {
        return o.fact() + " " + o.result() + (o.transitions().isEmpty() ? "" : " " + o.transitions());
    }
}

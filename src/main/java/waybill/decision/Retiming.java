package waybill.decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.engine.RuleFailure;
import waybill.engine.Rulebook;
import waybill.fact.Fact;
import waybill.fact.RulesChanged;
import waybill.job.DeadlineName;
import waybill.job.Job;

/**
 * Where new rules would have put the open jobs' pending deadlines: each job's recorded facts decided
 * again, in memory, under the new rulebook, each at the instant it happened (the timers that fired fire
 * where they fired, no other; earlier {@link RulesChanged} facts are skipped). A pending deadline the
 * replay sets elsewhere is a {@link Move}; one the replay no longer sets, or one it sets that the job does
 * not have, is listed and left alone. {@link #facts} turns the moves into one {@link RulesChanged} fact per
 * job, decided like any other fact. Nothing here writes.
 */
public final class Retiming {
    /** A pending deadline the new rules set elsewhere: from where it is to where they would have set it. */
    public record Move(String jobId, DeadlineName deadline, Instant from, Instant to) {
        /** How far it moves, as an ISO duration in days when whole ("P7D", "-P7D"). */
        @JsonProperty("shift")
        public String shift() {
            return Shifts.format(Duration.between(from, to));
        }
    }

    /** A deadline listed and left alone, with why: the new rules no longer set it, or set one the job lacks. */
    public record LeftAlone(String jobId, DeadlineName deadline, Instant at, String why) {}

    /** A job whose recorded facts could not be decided again under the new rules, and why. */
    public record NotReplayed(String jobId, String why) {}

    /** The whole preview: what would move, what stays, and a summary. */
    public record Plan(
            Instant at,
            int jobsChecked,
            int jobsMoved,
            int deadlinesMoved,
            int movedIntoThePast,
            String smallestShift,
            String largestShift,
            List<Move> moves,
            List<LeftAlone> leftAlone,
            List<NotReplayed> notReplayed) {

        public static final Plan NONE = new Plan(null, 0, 0, 0, 0, null, null, List.of(), List.of(), List.of());

        /** The report as text: a line per move and per deadline left alone, then a summary line. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (Move m : moves) {
                out.add("retime " + m.jobId() + " " + m.deadline() + ": " + m.from() + " -> " + m.to() + " ("
                        + m.shift()
                        + (at != null && m.to().isBefore(at) ? ", already past: fires at the next sweep" : "")
                        + ")");
            }
            for (LeftAlone l : leftAlone) {
                out.add("left alone " + l.jobId() + " " + l.deadline() + " at " + l.at() + ": " + l.why());
            }
            for (NotReplayed n : notReplayed) {
                out.add("not replayed " + n.jobId() + ": " + n.why());
            }
            out.add(deadlinesMoved + " deadline(s) of " + jobsMoved + " of " + jobsChecked
                    + " open job(s) would move"
                    + (deadlinesMoved == 0 ? "" : " by " + smallestShift + " to " + largestShift)
                    + "; " + movedIntoThePast + " already past");
            return out;
        }
    }

    private Retiming() {}

    /**
     * The preview of moving the open jobs' deadlines to where {@code rulebook} would have set them.
     *
     * @param openJobs each open job's recorded facts, oldest first, each with its instant
     * @param find the job as it stands now
     * @param now the instant the moves would be made at (a move to before it is already past)
     */
    public static Plan plan(
            Rulebook rulebook, Map<String, List<Fact>> openJobs, Function<String, Optional<Job>> find, Instant now) {
        List<Move> moves = new ArrayList<>();
        List<LeftAlone> left = new ArrayList<>();
        List<NotReplayed> notReplayed = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<Fact>> e : openJobs.entrySet()) {
            JobPlan p = planJob(rulebook, e.getKey(), e.getValue(), find.apply(e.getKey()));
            if (p == null) {
                continue;
            }
            checked++;
            moves.addAll(p.moves());
            left.addAll(p.leftAlone());
            notReplayed.addAll(p.notReplayed());
        }
        return summary(now, checked, moves, left, notReplayed);
    }

    /** One job's part of a {@link Plan}: its moves, the deadlines left alone, or why it was not replayed. */
    public record JobPlan(List<Move> moves, List<LeftAlone> leftAlone, List<NotReplayed> notReplayed) {}

    /**
     * One job's part of the preview: {@code facts} (its recorded facts, oldest first) decided again under
     * {@code rulebook} against {@code job} as it stands; null when the job is gone or has no pending deadline
     * (nothing to check).
     */
    public static JobPlan planJob(Rulebook rulebook, String jobId, List<Fact> facts, Optional<Job> job) {
        if (job.isEmpty() || job.get().getDeadlines().isEmpty()) {
            return null;
        }
        Map<DeadlineName, Instant> replayed;
        try {
            replayed = deadlinesUnder(rulebook, facts);
        } catch (RuleFailure | IllegalStateException f) {
            return new JobPlan(List.of(), List.of(), List.of(new NotReplayed(jobId, f.getMessage())));
        }
        List<Move> moves = new ArrayList<>();
        List<LeftAlone> left = new ArrayList<>();
        Map<DeadlineName, Instant> pending = new LinkedHashMap<>();
        job.get().getDeadlines().forEach(d -> pending.put(d.getName(), d.getAt()));
        pending.forEach((name, at) -> {
            Instant to = replayed.get(name);
            if (to == null) {
                left.add(new LeftAlone(jobId, name, at, "the new rules would not set it: it stays"));
            } else if (!to.equals(at)) {
                moves.add(new Move(jobId, name, at, to));
            }
        });
        replayed.forEach((name, at) -> {
            if (!pending.containsKey(name)) {
                left.add(new LeftAlone(
                        jobId, name, at, "the new rules would have set it; the job has no such deadline"));
            }
        });
        return new JobPlan(List.copyOf(moves), List.copyOf(left), List.of());
    }

    /**
     * The deadlines a job would have under {@code rulebook}: its recorded facts decided again, each at its
     * instant, each on the job the one before left (a refused fact leaves it as it was). Nothing is kept.
     */
    public static Map<DeadlineName, Instant> deadlinesUnder(Rulebook rulebook, List<Fact> facts) {
        Job job = null;
        for (Fact fact : facts) {
            if (fact instanceof RulesChanged) {
                continue; // an earlier retime: the replay sets the deadlines itself
            }
            Decision d = Engine.decide(rulebook, job, fact, fact.getAt());
            if (d.accepted()) {
                job = d.deletesJob() ? null : d.job();
            }
        }
        Map<DeadlineName, Instant> out = new LinkedHashMap<>();
        if (job != null) {
            job.getDeadlines().forEach(x -> out.putIfAbsent(x.getName(), x.getAt()));
        }
        return out;
    }

    /**
     * One {@link RulesChanged} fact per job with moves, keyed by the activation ({@code key}: the same
     * activation moves a job once), at {@code at}, submitted by {@code by} (the key that asked).
     */
    public static List<RulesChanged> facts(
            Plan plan, String fromRevision, String toRevision, String key, String by, Instant at) {
        Map<String, List<RulesChanged.Move>> byJob = new LinkedHashMap<>();
        for (Move m : plan.moves()) {
            byJob.computeIfAbsent(m.jobId(), k -> new ArrayList<>())
                    .add(new RulesChanged.Move(m.deadline(), m.from(), m.to()));
        }
        List<RulesChanged> out = new ArrayList<>();
        byJob.forEach((jobId, moves) -> out.add(fact(jobId, moves, fromRevision, toRevision, key, by, at)));
        return out;
    }

    /** The {@link RulesChanged} fact moving one job's deadlines ({@code moves}: from and to each). */
    public static RulesChanged fact(
            String jobId,
            List<RulesChanged.Move> moves,
            String fromRevision,
            String toRevision,
            String key,
            String by,
            Instant at) {
        RulesChanged f = new RulesChanged(jobId, fromRevision, toRevision, moves);
        f.setFactId(key);
        f.setSubmittedBy(by);
        f.setAt(at);
        return f;
    }

    /** Decides each fact through {@code submit}, in order; answers the decisions. */
    public static List<Decision> apply(List<RulesChanged> facts, Function<Fact, Decision> submit) {
        List<Decision> out = new ArrayList<>();
        for (RulesChanged f : facts) {
            out.add(submit.apply(f));
        }
        return out;
    }

    private static Plan summary(
            Instant now, int checked, List<Move> moves, List<LeftAlone> left, List<NotReplayed> notReplayed) {
        Duration min = null;
        Duration max = null;
        int past = 0;
        for (Move m : moves) {
            Duration s = Duration.between(m.from(), m.to());
            min = min == null || s.compareTo(min) < 0 ? s : min;
            max = max == null || s.compareTo(max) > 0 ? s : max;
            past += m.to().isBefore(now) ? 1 : 0;
        }
        int jobs = (int) moves.stream().map(Move::jobId).distinct().count();
        return new Plan(
                now,
                checked,
                jobs,
                moves.size(),
                past,
                min == null ? null : Shifts.format(min),
                max == null ? null : Shifts.format(max),
                List.copyOf(moves),
                List.copyOf(left),
                List.copyOf(notReplayed));
    }

    /** ISO durations as an operator reads them: whole days as "P7D", else hours and minutes. */
    static final class Shifts {
        private Shifts() {}

        static String format(Duration d) {
            Duration abs = d.abs();
            String body = abs.toSeconds() % 86_400 == 0 ? "P" + abs.toDays() + "D" : abs.toString();
            return d.isNegative() ? "-" + body : body;
        }
    }
}

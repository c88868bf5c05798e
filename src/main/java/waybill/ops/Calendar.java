package waybill.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import waybill.store.ActionRecord;

/**
 * The due work across all jobs, by day (UTC): every pending deadline (returns, destructions, expiries,
 * waits) and every open action due between two instants — what operations must staff for.
 */
public final class Calendar {
    private Calendar() {}

    /** At most this many deadlines and this many actions are listed a day; the counts cover them all. */
    public static final int LISTED = 50;

    /**
     * One day's due work: how many deadlines by name and open actions by type, and the first
     * {@value #LISTED} of each in time order ({@code more}: how many are counted but not listed).
     */
    public record Day(
            LocalDate day,
            Map<String, Integer> counts,
            List<DeadlineItem> deadlines,
            List<ActionItem> actions,
            int more) {}

    /** A day while it is being filled. */
    private record Filling(List<DeadlineItem> deadlines, List<ActionItem> actions) {}

    /** A pending deadline on a job. */
    public record DeadlineItem(String jobId, String job, String state, String name, Instant at, String rule) {}

    /** An open action, overdue when its due instant has passed. */
    public record ActionItem(String id, String type, String jobId, Instant dueAt, String reason, boolean overdue) {}

    public static List<Day> of(
            Stream<JobRow> rows,
            List<ActionRecord> open,
            Instant from,
            Instant to,
            Instant now,
            Predicate<String> visibleJob) {
        Map<LocalDate, Filling> days = new TreeMap<>();
        rows.forEach(r -> {
            for (JobRow.Pending p : r.deadlines()) {
                if (!p.at().isBefore(from) && p.at().isBefore(to)) {
                    day(days, p.at())
                            .deadlines()
                            .add(new DeadlineItem(r.id(), r.name(), r.state(), p.name(), p.at(), p.rule()));
                }
            }
        });
        for (ActionRecord a : open) {
            // an open action without a due instant is due now; an overdue one is shown on today
            Instant due = a.dueAt() == null || a.dueAt().isBefore(from) ? from : a.dueAt();
            if (due.isBefore(to) && visibleJob.test(a.jobId())) {
                boolean overdue = a.dueAt() != null && a.dueAt().isBefore(now);
                day(days, due)
                        .actions()
                        .add(new ActionItem(a.id(), a.type(), a.jobId(), a.dueAt(), a.reason(), overdue));
            }
        }
        List<Day> out = new ArrayList<>();
        days.forEach((day, f) -> {
            Map<String, Integer> counts = new TreeMap<>();
            f.deadlines().forEach(x -> counts.merge(x.name(), 1, Integer::sum));
            f.actions().forEach(x -> counts.merge("action " + x.type(), 1, Integer::sum));
            f.deadlines().sort(java.util.Comparator.comparing(DeadlineItem::at).thenComparing(DeadlineItem::jobId));
            int more = Math.max(0, f.deadlines().size() - LISTED)
                    + Math.max(0, f.actions().size() - LISTED);
            out.add(new Day(
                    day,
                    counts,
                    List.copyOf(f.deadlines()
                            .subList(0, Math.min(LISTED, f.deadlines().size()))),
                    List.copyOf(
                            f.actions().subList(0, Math.min(LISTED, f.actions().size()))),
                    more));
        });
        return out;
    }

    private static Filling day(Map<LocalDate, Filling> days, Instant at) {
        return days.computeIfAbsent(
                LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new Filling(new ArrayList<>(), new ArrayList<>()));
    }
}

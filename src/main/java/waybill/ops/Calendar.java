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

    /** One day's deadlines and open actions. */
    public record Day(LocalDate day, List<DeadlineItem> deadlines, List<ActionItem> actions) {}

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
        Map<LocalDate, Day> days = new TreeMap<>();
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
        for (Day d : days.values()) {
            d.deadlines().sort(java.util.Comparator.comparing(DeadlineItem::at));
        }
        return List.copyOf(days.values());
    }

    private static Day day(Map<LocalDate, Day> days, Instant at) {
        return days.computeIfAbsent(
                LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new Day(d, new ArrayList<>(), new ArrayList<>()));
    }
}

package waybill.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import waybill.drive.Drive;
import waybill.job.Deadline;
import waybill.job.Job;

/** One job as the board keeps it: enough for a row, its counts and the calendar, nothing personal. */
public record JobRow(
        String id,
        long version,
        String subscriptionId,
        String resourceGroup,
        String name,
        String state,
        String jobType,
        String location,
        int percentComplete,
        Map<String, Integer> drives,
        List<Pending> deadlines) {

    /** A pending deadline: its name, instant and the rule that set it. */
    public record Pending(String name, Instant at, String rule) {}

    static JobRow of(Job job) {
        Map<String, Integer> drives = new TreeMap<>();
        for (Drive d : job.getDrives()) {
            drives.merge(String.valueOf(d.getState()), 1, Integer::sum);
        }
        List<Pending> deadlines = job.getDeadlines().stream()
                .map(d -> new Pending(String.valueOf(d.getName()), d.getAt(), d.getRule()))
                .sorted(java.util.Comparator.comparing(Pending::at))
                .toList();
        return new JobRow(
                job.getId(),
                job.getVersion(),
                job.getSubscriptionId(),
                job.getResourceGroup(),
                job.getName(),
                job.getState() == null ? null : job.getState().name(),
                job.getJobType() == null ? null : String.valueOf(job.getJobType()),
                job.getLocation(),
                job.getPercentComplete(),
                drives,
                deadlines);
    }

    /** The job's deadlines as the job holds them (for callers that have the whole job). */
    static List<Deadline> sorted(Job job) {
        return job.getDeadlines().stream()
                .sorted(java.util.Comparator.comparing(Deadline::getAt))
                .toList();
    }
}

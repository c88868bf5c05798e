package waybill.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.job.Deadline;
import waybill.job.Job;
import waybill.timers.Due;

/** The in-memory store's queries over its jobs and decisions: what is due, listings, the open jobs' facts. */
final class MemoryQueries {
    private MemoryQueries() {}

    /** The earliest of each job's next deadline, ties by job id: the order of the MongoDB store. */
    static Optional<Due> nextDue(Collection<Job> jobs, Instant until) {
        Due next = null;
        for (Job job : jobs) {
            Deadline d = job.nextDeadline().orElse(null);
            if (d != null
                    && !d.getAt().isAfter(until)
                    && (next == null
                            || d.getAt().isBefore(next.at())
                            || (d.getAt().equals(next.at()) && job.getId().compareTo(next.jobId()) < 0))) {
                next = new Due(job.getId(), d.getName(), d.getAt());
            }
        }
        return Optional.ofNullable(next);
    }

    /** At most {@code max} jobs due by {@code until}, earliest first, ties by job id. */
    static List<String> dueJobs(Collection<Job> jobs, Instant until, int max) {
        return jobs.stream()
                .filter(j ->
                        j.nextDeadline().filter(d -> !d.getAt().isAfter(until)).isPresent())
                .sorted(Comparator.comparing(
                                (Job j) -> j.nextDeadline().orElseThrow().getAt())
                        .thenComparing(Job::getId))
                .limit(max)
                .map(Job::getId)
                .toList();
    }

    /** A subscription's jobs (in a resource group, in a state) after a job id, by id, copies. */
    static List<Job> list(
            Collection<Job> jobs, String subscriptionId, String resourceGroup, String state, String after, int top) {
        return jobs.stream()
                .filter(Job::isRegistered)
                .filter(j -> subscriptionId.equals(j.getSubscriptionId()))
                .filter(j -> resourceGroup == null || resourceGroup.equals(j.getResourceGroup()))
                .filter(j -> state == null
                        || (j.getState() != null && j.getState().name().equals(state)))
                .filter(j -> after == null || j.getId().compareTo(after) > 0)
                .sorted(Comparator.comparing(Job::getId))
                .limit(Math.max(top, 0))
                .map(Job::copy)
                .toList();
    }

    /** The registered jobs by id, copies. */
    static List<Job> registered(Collection<Job> jobs) {
        return jobs.stream()
                .filter(Job::isRegistered)
                .sorted(Comparator.comparing(Job::getId))
                .map(Job::copy)
                .toList();
    }

    /** The facts decided for each job still stored, in the order decided, each with its instant. */
    static Map<String, List<Fact>> openJobFacts(List<Decision> decided, Set<String> stored) {
        Map<String, List<Fact>> out = new TreeMap<>();
        for (Decision d : decided) {
            if (stored.contains(d.jobId())) {
                Fact copy = StoredJson.MAPPER.convertValue(StoredJson.MAPPER.valueToTree(d.fact()), Fact.class);
                if (copy.getAt() == null) {
                    copy.setAt(d.at());
                }
                out.computeIfAbsent(d.jobId(), k -> new ArrayList<>()).add(copy);
            }
        }
        return new LinkedHashMap<>(out);
    }
}

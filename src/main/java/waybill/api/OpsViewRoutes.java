package waybill.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import waybill.access.ApiKeys.Principal;
import waybill.access.Redact;
import waybill.access.Role;
import waybill.engine.Decision;
import waybill.engine.Rulebook;
import waybill.job.Job;
import waybill.job.JobId;
import waybill.ops.BoardQuery;
import waybill.ops.Calendar;
import waybill.ops.JobBoard;
import waybill.ops.TimeTravel;
import waybill.ops.Timeline;
import waybill.store.ActionRecord;
import waybill.store.Store;

/**
 * The operators' read models (api.md §4): {@code /ops/jobs} (the board), {@code /ops/job} (one job with
 * its projected timeline and history, now or as of a past instant) and {@code /ops/calendar}. A customer
 * key sees only its subscriptions' jobs; another subscription's job answers as one that does not exist.
 */
final class OpsViewRoutes {
    /** The calendar's longest span: a year. */
    static final Duration MAX_SPAN = Duration.ofDays(366);

    private final Store store;
    private final JobBoard board;
    private final java.util.function.Supplier<Rulebook> rules;
    private final Clock clock;
    private final ApiJson json;

    OpsViewRoutes(Store store, JobBoard board, java.util.function.Supplier<Rulebook> rules, Clock clock, ApiJson json) {
        this.store = store;
        this.board = board;
        this.rules = rules;
        this.clock = clock;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/ops/jobs", this::jobs);
        r.get("/ops/job", this::job);
        r.get("/ops/calendar", this::calendar);
        r.get("/ops/me", OpsViewRoutes::me);
    }

    /** Who the key is: its name, role and (a customer's) subscriptions; the console shows the pages it may use. */
    private static void me(Context ctx) {
        Principal p = Auth.principal(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("role", p.role());
        out.put("subscriptions", p.role() == Role.CUSTOMER ? new java.util.TreeSet<>(p.subscriptions()) : null);
        ctx.json(out);
    }

    private static Set<String> visible(Context ctx) {
        Principal p = Auth.principal(ctx);
        return p.role() == Role.CUSTOMER ? p.subscriptions() : null;
    }

    private void jobs(Context ctx) {
        BoardQuery q = new BoardQuery(
                OpsQuery.state(ctx),
                OpsQuery.text(ctx, "subscription"),
                OpsQuery.text(ctx, "resourceGroup"),
                OpsQuery.text(ctx, "name"),
                visible(ctx),
                OpsQuery.after(ctx),
                OpsQuery.top(ctx));
        JobBoard.Page page = board.page(q);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", page.rows());
        out.put("counts", page.counts());
        out.put("total", page.total());
        out.put("nextLink", page.next() == null ? null : nextLink(ctx, q, page.next()));
        ctx.json(out);
    }

    private static String nextLink(Context ctx, BoardQuery q, String lastId) {
        StringBuilder sb = new StringBuilder("/ops/jobs?$top=").append(q.top());
        for (String p : List.of("state", "subscription", "resourceGroup", "name")) {
            String v = OpsQuery.text(ctx, p);
            if (v != null) {
                sb.append('&')
                        .append(p)
                        .append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return sb.append("&$skipToken=").append(OpsQuery.token(lastId)).toString();
    }

    private void job(Context ctx) {
        String jobId = OpsQuery.text(ctx, "jobId");
        if (jobId == null) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter, "jobId is required: the job's full resource id", "jobId");
        }
        Instant asOf = OpsQuery.instant(ctx, "asOf");
        Optional<JobId> id = JobId.parse(jobId);
        Set<String> visible = visible(ctx);
        if (id.isEmpty() || (visible != null && !visible.contains(id.get().subscriptionId()))) {
            throw notFound(jobId);
        }
        Rulebook rb = rules.get();
        // the job's accepted decisions, read by their ids (no scan): its history and its past states
        List<Decision> decisions = store.opsReads().decisions(jobId);
        Job job;
        TimeTravel.AsOf past = null;
        if (asOf == null) {
            job = store.find(jobId).filter(Job::isRegistered).orElseThrow(() -> notFound(jobId));
        } else {
            past = TimeTravel.at(decisions, asOf)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.ResourceNotFound,
                            "job " + jobId + " has no decision at or before " + asOf
                                    + ": it did not exist yet (or does not exist)",
                            "asOf"));
            job = past.job();
        }
        ObjectNode out = json.mapper().createObjectNode();
        out.put("id", job.getId());
        out.put("asOf", asOf == null ? null : asOf.toString());
        out.put("now", clock.instant().toString());
        out.put("rulesRevision", rb.revision());
        if (past != null) {
            out.put("decisionsBy", past.decisions());
        }
        out.set("job", Redact.bitLockerKeys(json.mapper().valueToTree(job)));
        out.set("deadlines", json.mapper().valueToTree(Timeline.of(job, rb)));
        out.set("history", OpsHistory.of(json.mapper(), decisions, asOf));
        List<ActionRecord> actions = store.actions(ActionRecord.OPEN).stream()
                .filter(a -> jobId.equals(a.jobId()))
                .filter(a ->
                        asOf == null || a.createdAt() == null || !a.createdAt().isAfter(asOf))
                .toList();
        out.set("actions", json.mapper().valueToTree(actions));
        if (visible != null) {
            CustomerRedact.jobPage(out, Auth.name(ctx));
        }
        ctx.json(out);
    }

    private void calendar(Context ctx) {
        Instant now = clock.instant();
        Instant from = Optional.ofNullable(OpsQuery.instant(ctx, "from")).orElse(now);
        Instant to = Optional.ofNullable(OpsQuery.instant(ctx, "to")).orElse(from.plus(Duration.ofDays(30)));
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw new ApiException(
                    ErrorCode.InvalidQueryParameter,
                    "to must be after from, and at most 366 days after it (from " + from + ", to " + to + ")",
                    "to");
        }
        Set<String> visible = visible(ctx);
        List<Calendar.Day> days = Calendar.of(
                board.rows().filter(r -> visible == null || visible.contains(r.subscriptionId())),
                store.actions(ActionRecord.OPEN),
                from,
                to,
                now,
                jobId -> visible == null
                        || JobId.parse(jobId)
                                .map(j -> visible.contains(j.subscriptionId()))
                                .orElse(false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("now", now);
        out.put("days", days);
        ctx.json(out);
    }

    private static ApiException notFound(String jobId) {
        return new ApiException(
                ErrorCode.ResourceNotFound,
                "job " + jobId + " is not found, or this key does not reach it; GET /ops/jobs lists the jobs",
                "jobId");
    }
}

package waybill.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.api.TestServer;
import waybill.api.TestServer.Reply;
import waybill.config.ServiceConfig;
import waybill.delivery.DeliveryConfig;
import waybill.engine.Decision;
import waybill.job.Job;
import waybill.store.ActionRecord;
import waybill.store.HistoryEntry;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.store.mongo.StoreFactory;
import waybill.timers.Due;

/**
 * Thousands of generated hostile requests (seeded, so a failure replays) across every route: no key or a
 * wrong one, other tenants, wrong roles, bad api-versions, wrong content types, invalid UTF-8, malformed
 * JSON, unknown fields, wrong types, absurd sizes, bad paths and query parameters. None may answer 5xx, and
 * the store must not change: no commit, no kept refusal, jobs, history and actions identical before and after.
 */
// A guard against a hang, not a latency bound: the walk takes about a minute on a quiet machine and
// several times that on a loaded one.
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class FuzzTest {
    static final long SEED = Long.getLong("waybill.fuzz.seed", 20260302L);
    static final int REQUESTS = Integer.getInteger("waybill.fuzz.requests", 3000);
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(80);
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String RG = "fuzz";
    static final String[] KEYS_OTHER_THAN_ADMIN = {
        null,
        "",
        "wrong-key-000000000000000000000",
        TestServer.OPERATOR_KEY,
        TestServer.CUSTOMER_KEY,
        TestServer.OTHER_CUSTOMER_KEY
    };

    /** The store, counting every write the fuzz must not cause. */
    static final class Watched implements Store {
        final Store inner;
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean watching;

        Watched(Store inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Job> find(String jobId) {
            return inner.find(jobId);
        }

        @Override
        public Optional<Decision> decided(String jobId, String factId) {
            return inner.decided(jobId, factId);
        }

        @Override
        public void commit(Decision d) throws StaleJobException {
            if (watching) {
                writes.incrementAndGet();
            }
            inner.commit(d);
        }

        @Override
        public void refused(Decision d) {
            if (watching && d.factId() != null) {
                writes.incrementAndGet();
            }
            inner.refused(d);
        }

        @Override
        public Optional<Due> nextDue(Instant until) {
            return inner.nextDue(until);
        }

        @Override
        public waybill.rulesops.history.ActivationLog activations() {
            return inner.activations();
        }

        @Override
        public List<Job> list(String s, String rg, String st, String after, int top) {
            return inner.list(s, rg, st, after, top);
        }

        @Override
        public List<HistoryEntry> history(String jobId) {
            return inner.history(jobId);
        }

        @Override
        public List<ActionRecord> actions(String status) {
            return inner.actions(status);
        }

        @Override
        public Optional<ActionRecord> completeAction(String id, Instant at, String by) {
            Optional<ActionRecord> a = inner.completeAction(id, at, by);
            if (watching && a.isPresent()) {
                writes.incrementAndGet();
            }
            return a;
        }

        @Override
        public boolean healthy() {
            return inner.healthy();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    record Req(String key, String method, String path, byte[] body, String contentType, String what) {}

    @Test
    void hostileRequestsGetNoServerErrorAndChangeNothing(@TempDir Path data) throws Exception {
        Watched store = new Watched(StoreFactory.embedded(data));
        try (TestServer s = TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, store)) {
            Http admin = new Http(s.base(), TestServer.ADMIN_KEY);
            String job = Http.jobId(TestServer.SUB, RG, "target");
            admin.transferringJob(job);
            Http.expect(
                    201,
                    new Http(s.base(), TestServer.OTHER_CUSTOMER_KEY)
                            .send(
                                    "PUT",
                                    Http.jobId(TestServer.SUB2, RG, "other") + "?" + Http.V,
                                    TestServer.createBodyIn(TestServer.SUB2)));
            String before = dump(admin, job);

            Generator g = new Generator(new Random(SEED), job);
            store.watching = true;
            Map<String, Integer> statuses = new TreeMap<>();
            List<String> serverErrors = new ArrayList<>();
            long until = System.nanoTime() + BUDGET_NANOS;
            int sent = 0;
            int writesSeen = 0;
            for (; sent < REQUESTS && System.nanoTime() < until; sent++) {
                Req r = g.next();
                Map<String, String> headers = new LinkedHashMap<>();
                if (r.key() != null) {
                    headers.put(
                            "Authorization", r.key().isEmpty() ? "Basic " + TestServer.ADMIN_KEY : "Bearer " + r.key());
                }
                if (r.contentType() != null) {
                    headers.put("Content-Type", r.contentType());
                }
                Reply reply;
                try {
                    reply = s.raw(r.method(), r.path(), r.body(), headers);
                } catch (IllegalStateException closed) {
                    // the server closes the connection after refusing a body far over the limit unread; the
                    // client may find that out on its next request over the same connection: send once more
                    try {
                        reply = s.raw(r.method(), r.path(), r.body(), headers);
                    } catch (IllegalStateException again) {
                        reply = new Reply(-1, String.valueOf(again.getMessage()), null);
                        if (r.body() == null || r.body().length <= 1024 * 1024) {
                            serverErrors.add("#" + sent + " " + r.what() + " " + r.method() + " " + clip(r.path())
                                    + ": " + again);
                        }
                    }
                }
                statuses.merge(r.what() + " " + reply.status(), 1, Integer::sum);
                if (store.writes.get() > writesSeen) {
                    writesSeen = store.writes.get();
                    serverErrors.add("#" + sent + " wrote to the store: " + r.what() + " " + r.method() + " "
                            + clip(r.path()) + " "
                            + (r.body() == null ? "" : clip(new String(r.body(), StandardCharsets.UTF_8))) + " -> "
                            + reply.status() + " " + clip(reply.text()));
                }
                if (System.getProperty("waybill.fuzz.verbose") != null && reply.status() / 100 == 2) {
                    System.out.println("fuzz 2xx #" + sent + " " + r.what() + " " + r.method() + " " + clip(r.path())
                            + " " + (r.body() == null ? "" : clip(new String(r.body(), StandardCharsets.UTF_8))));
                }
                if (reply.status() >= 500) {
                    serverErrors.add("#" + sent + " " + r.what() + " " + r.method() + " " + clip(r.path()) + " "
                            + (r.body() == null ? "" : clip(new String(r.body(), StandardCharsets.UTF_8))) + " -> "
                            + reply.status() + " " + clip(reply.text()));
                }
            }
            store.watching = false;
            System.out.println("fuzz: " + sent + " requests, seed " + SEED + ": " + statuses);
            assertTrue(sent >= Math.min(REQUESTS, 1000), "only " + sent + " requests in the time budget");
            assertEquals(List.of(), serverErrors, "no 5xx, no write");
            assertEquals(0, store.writes.get(), "no write reached the store");
            assertEquals(before, dump(admin, job), "jobs, history and actions unchanged");
        }
    }

    /**
     * The structural mutator: every JSON path of valid bodies (the specification's examples and one with every
     * optional field for PUT, valid PATCH bodies, one fact of each operator type, clock moves, a dry run) set in
     * turn to null, another type, an empty array or object, a huge number and a long string, on every route
     * that takes a body. PUT creates under a fresh name each time (refused: that job does not exist); PATCH
     * and facts are checked against their job, its history and the open actions as re-read before each.
     */
    @Test
    void everyPathOfValidBodiesMutatedInTurnIsNever5xxAndARefusalChangesNothing(@TempDir Path data) throws Exception {
        Watched store = new Watched(StoreFactory.embedded(data));
        // the webhook bodies name a closed loopback port: the egress policy allows it here, so each mutation
        // reaches the check of the field it mutates instead of the policy's refusal of the address
        DeliveryConfig loopback =
                new DeliveryConfig(null, null, null, null, null, null, null, null, DeliveryConfig.Egress.ANYWHERE);
        try (TestServer s = TestServer.start(Path.of("rules"), ServiceConfig.ClockMode.MANUAL, store, loopback)) {
            Http admin = new Http(s.base(), TestServer.ADMIN_KEY);
            String factsJob = Http.jobId(TestServer.SUB, RG, "facts-target");
            String patchJob = Http.jobId(TestServer.SUB, RG, "patch-target");
            admin.transferringJob(factsJob);
            Http.expect(
                    201,
                    admin.send(
                            "PUT",
                            patchJob + "?" + Http.V,
                            TestServer.example("CreateJob.json", "parameters", "body")));
            AtomicInteger fresh = new AtomicInteger();
            Function<String, String> jobState = id -> {
                try {
                    return admin.send("GET", id + "?" + Http.V, null).text() + "\n"
                            + admin.history(id).size() + "\n"
                            + admin.send("GET", "/ops/actions?status=open", null)
                                    .text();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Supplier<String> clockAndRules = () -> {
                try {
                    return admin.send("GET", "/ops/clock", null)
                                    .json()
                                    .get("now")
                                    .asText() + " "
                            + admin.send("GET", "/ops/rules", null)
                                    .json()
                                    .get("revision")
                                    .asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            String[] lastPut = new String[1];
            StructuralFuzz.Route put = new StructuralFuzz.Route(
                    "PUT job",
                    "PUT",
                    () -> (lastPut[0] = Http.jobId(TestServer.SUB, RG + "-put", "job-" + fresh.incrementAndGet())) + "?"
                            + Http.V,
                    () -> lastPut[0] == null ? "" : String.valueOf(jobStatus(admin, lastPut[0])),
                    false);
            StructuralFuzz.Route patch = new StructuralFuzz.Route(
                    "PATCH job", "PATCH", () -> patchJob + "?" + Http.V, () -> jobState.apply(patchJob), false);
            StructuralFuzz.Route facts = new StructuralFuzz.Route(
                    "POST /ops/facts", "POST", () -> "/ops/facts", () -> jobState.apply(factsJob), false);
            StructuralFuzz.Route dryRunFacts = new StructuralFuzz.Route(
                    "POST /ops/facts?dryRun=true",
                    "POST",
                    () -> "/ops/facts?dryRun=true",
                    () -> jobState.apply(factsJob),
                    true);
            StructuralFuzz.Route clock =
                    new StructuralFuzz.Route("POST /ops/clock", "POST", () -> "/ops/clock", clockAndRules, false);
            StructuralFuzz.Route dryRun = new StructuralFuzz.Route(
                    "POST /ops/rules/dry-run", "POST", () -> "/ops/rules/dry-run", clockAndRules, true);
            Supplier<String> webhooks = () -> {
                try {
                    return admin.send("GET", "/ops/webhooks", null).text();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            StructuralFuzz.Route webhook =
                    new StructuralFuzz.Route("POST /ops/webhooks", "POST", () -> "/ops/webhooks", webhooks, false);
            StructuralFuzz.Route reload = new StructuralFuzz.Route(
                    "POST /ops/rules/reload", "POST", () -> "/ops/rules/reload", clockAndRules, true);

            StructuralFuzz fuzz = new StructuralFuzz(s, store);
            store.watching = true;
            long started = System.nanoTime();
            for (JsonNode body : List.of(
                    TestServer.example("CreateJob.json", "parameters", "body"),
                    TestServer.example("CreateExportJob.json", "parameters", "body"),
                    StructuralFuzz.everyFieldImport(),
                    StructuralFuzz.everyFieldExport())) {
                fuzz.walk(put, body);
            }
            for (JsonNode body : StructuralFuzz.patches()) {
                fuzz.walk(patch, body);
            }
            for (JsonNode body : StructuralFuzz.facts(factsJob)) {
                fuzz.walk(dryRunFacts, body);
                fuzz.walk(facts, body);
            }
            fuzz.walk(clock, F.objectNode().put("advance", "PT1H"));
            fuzz.walk(clock, F.objectNode().put("now", "2026-03-03T09:00:00Z"));
            // a whole candidate of one empty file: a dry run the walk can afford hundreds of times
            ObjectNode candidate = F.objectNode().put("complete", true);
            candidate.putObject("files").put("zz-empty.drl", "package waybill.rules\n");
            fuzz.walk(dryRun, candidate);
            fuzz.walk(reload, F.objectNode());
            fuzz.walk(webhook, StructuralFuzz.webhook());
            store.watching = false;
            System.out.println("structural fuzz: " + fuzz.sent + " mutations in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s: " + fuzz.counts
                    + "; ms by route " + fuzz.millis);
            assertEquals(List.of(), fuzz.failures, "no 5xx; every refusal names its place and changes nothing");
            assertTrue(fuzz.sent > 1000, "only " + fuzz.sent + " mutations");
        }
    }

    /** 404 while a job does not exist. */
    static int jobStatus(Http admin, String id) {
        try {
            return admin.send("GET", id + "?" + Http.V, null).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static String dump(Http admin, String job) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String sub : List.of(TestServer.SUB, TestServer.SUB2)) {
            sb.append(Http.expect(
                                    200,
                                    admin.send(
                                            "GET",
                                            "/subscriptions/" + sub + "/providers/Microsoft.ImportExport/jobs?"
                                                    + Http.V,
                                            null))
                            .text())
                    .append('\n');
        }
        sb.append(admin.history(job)).append('\n');
        sb.append(admin.history(Http.jobId(TestServer.SUB2, RG, "other"))).append('\n');
        sb.append(Http.expect(200, admin.send("GET", "/ops/actions", null)).text());
        return sb.toString();
    }

    /** Requests the service must refuse (or merely read), from valid examples made wrong in one way. */
    static final class Generator {
        final Random rnd;
        final String job;
        final JsonNode create;

        Generator(Random rnd, String job) throws Exception {
            this.rnd = rnd;
            this.job = job;
            this.create = TestServer.example("CreateJob.json", "parameters", "body");
        }

        <T> T pick(List<T> xs) {
            return xs.get(rnd.nextInt(xs.size()));
        }

        /** A valid request: method, path, body (null: none), whether it writes. */
        record Valid(String method, String path, JsonNode body) {}

        Valid valid() {
            String sub = TestServer.SUB;
            String newJob = TestServer.jobPath(sub, RG, "new-" + rnd.nextInt(1000));
            ObjectNode patch = F.objectNode();
            patch.putObject("tags").put("k" + rnd.nextInt(5), "v" + rnd.nextInt(5));
            ObjectNode patch2 = F.objectNode();
            patch2.putObject("properties").put("logLevel", "Verbose").put("backupDriveManifest", true);
            ObjectNode progress = F.objectNode()
                    .put("type", "DriveProgress")
                    .put("jobId", job)
                    .put("driveId", Http.DRIVE)
                    .put("percentComplete", rnd.nextInt(100));
            ObjectNode arrived = F.objectNode().put("type", "PackageArrived").put("jobId", job);
            arrived.putArray("driveIds").add(Http.DRIVE);
            ObjectNode fault =
                    F.objectNode().put("type", "Fault").put("jobId", job).put("reason", "disk error");
            ObjectNode responded = F.objectNode()
                    .put("type", "CustomerResponded")
                    .put("jobId", job)
                    .put("response", "ExtendWait")
                    .put("extendDays", 3);
            ArrayNode facts = F.arrayNode().add(progress.deepCopy()).add(fault.deepCopy());
            ObjectNode clock = F.objectNode().put("advance", "PT1H");
            return switch (rnd.nextInt(11)) {
                case 0 -> new Valid("PUT", newJob + "?" + Http.V, create.deepCopy());
                case 1 -> new Valid("PATCH", job + "?" + Http.V, patch);
                case 2 -> new Valid("PATCH", job + "?" + Http.V, patch2);
                case 3 -> new Valid("POST", "/ops/facts", progress);
                case 4 -> new Valid("POST", "/ops/facts", arrived);
                case 5 -> new Valid("POST", "/ops/facts", fault);
                case 6 -> new Valid("POST", "/ops/facts", responded);
                case 7 -> new Valid("POST", "/ops/facts", facts);
                case 8 -> new Valid("POST", "/ops/clock", clock);
                case 9 -> new Valid("DELETE", job + "?" + Http.V, null);
                default -> new Valid("POST", job + "/listBitLockerKeys?" + Http.V, null);
            };
        }

        Req next() {
            Valid v = valid();
            byte[] json = v.body() == null ? null : v.body().toString().getBytes(StandardCharsets.UTF_8);
            String a = TestServer.ADMIN_KEY;
            int kind = rnd.nextInt(12);
            switch (kind) {
                case 0: { // no key, an unknown key, the wrong scheme
                    String key = pick(List.of("NONE", "", "wrong-key-000000000000000000000", a + "x", a.substring(1)));
                    return new Req(
                            key.equals("NONE") ? null : key, v.method(), v.path(), json, "application/json", "auth");
                }
                case 1: { // another tenant's subscription, or a role that may not write
                    String key = pick(List.of(TestServer.OTHER_CUSTOMER_KEY, TestServer.OPERATOR_KEY));
                    if (v.path().startsWith("/ops/")) {
                        key = TestServer.CUSTOMER_KEY;
                    }
                    if (v.path().startsWith("/ops/clock")) {
                        key = pick(List.of(TestServer.CUSTOMER_KEY, TestServer.OPERATOR_KEY));
                    }
                    return new Req(key, v.method(), v.path(), json, "application/json", "role");
                }
                case 2: { // api-version missing or unknown (Jobs routes); facts and clock get a bad flag instead
                    if (v.path().contains("api-version")) {
                        String bad = pick(List.of(
                                "",
                                "api-version=",
                                "api-version=2019-01-01",
                                "api-version=2021-01-01x",
                                "api-version=%00",
                                "api-version=2021-01-01&api-version=1999-01-01"));
                        return new Req(
                                a,
                                v.method(),
                                v.path().replaceFirst("api-version=2021-01-01", bad),
                                json,
                                "application/json",
                                "api-version");
                    }
                    if (v.path().equals("/ops/facts")) {
                        return new Req(
                                a,
                                v.method(),
                                "/ops/facts?dryRun=" + pick(List.of("maybe", "1", "yes", "TRUE")),
                                json,
                                "application/json",
                                "query");
                    }
                    return new Req(
                            a,
                            v.method(),
                            v.path(),
                            bytes(pick(List.of(
                                    "{\"advance\":\"P-1D\"}",
                                    "{\"advance\":\"P9999999999D\"}",
                                    "{\"now\":\"1999-01-01T00:00:00Z\"}",
                                    "{\"advance\":\"PT1H\",\"now\":\"2030-01-01T00:00:00Z\"}",
                                    "{\"advance\":\"soon\"}",
                                    "{\"now\":\"+999999999-12-31T23:59:59Z\"}",
                                    "{\"advance\":\"PT9223372036854775807S\"}",
                                    "{}"))),
                            "application/json",
                            "clock");
                }
                case 3: // wrong content types
                    if (json == null) {
                        json = bytes("{}");
                    }
                    return new Req(
                            a,
                            v.method(),
                            v.path(),
                            json,
                            pick(List.of(
                                    "text/plain",
                                    "application/xml",
                                    "application/x-www-form-urlencoded",
                                    "multipart/form-data; boundary=x",
                                    "application/json; charset=iso-8859-1",
                                    "application/json; charset=utf-16",
                                    "image/png")),
                            "content-type");
                case 4: { // invalid UTF-8 inside the JSON
                    byte[] body = json == null ? bytes("{\"tags\":{\"a\":\"b\"}}") : json;
                    int at = 1 + rnd.nextInt(Math.max(1, body.length - 2));
                    byte[] out = new byte[body.length + 2];
                    System.arraycopy(body, 0, out, 0, at);
                    out[at] = (byte) (int) pick(List.of(0xff, 0xc0, 0xfe, 0x80, 0xed));
                    out[at + 1] = (byte) (int) pick(List.of(0x80, 0xaf, 0xff, 0x28));
                    System.arraycopy(body, at, out, at + 2, body.length - at);
                    return new Req(a, v.method(), v.path(), out, "application/json", "utf-8");
                }
                case 5: { // malformed JSON
                    String text = json == null ? "{\"tags\":{}}" : new String(json, StandardCharsets.UTF_8);
                    String bad = switch (rnd.nextInt(7)) {
                        case 0 -> text.substring(0, rnd.nextInt(Math.max(1, text.length() - 1)));
                        case 1 -> text + " " + text;
                        case 2 -> text.replaceFirst(":", "::");
                        case 3 ->
                            pick(List.of(
                                    "", " ", "null", "42", "\"text\"", "true", "{", "}", "[", "{,}", "{'a':1}", "NaN"));
                        case 4 -> text.replaceFirst("\"", "");
                        case 5 ->
                            text.substring(0, Math.max(1, text.length() / 2)) + "\u0000"
                                    + text.substring(Math.max(1, text.length() / 2));
                        default -> "{\"a\":1,\"a\":2" + text;
                    };
                    if (v.path().equals("/ops/facts") && bad.equals("null")) {
                        bad = "[null]";
                    }
                    return new Req(a, v.method(), v.path(), bytes(bad), "application/json", "malformed");
                }
                case 6: { // an unknown field somewhere (never inside tags: any name is a tag)
                    JsonNode body = v.body() == null ? create.deepCopy() : v.body();
                    ObjectNode target = randomObject(body);
                    target.put("unexpected" + rnd.nextInt(100), pick(List.of("x", "1")));
                    return new Req(
                            a, v.method(), v.path(), bytes(body.toString()), "application/json", "unknown-field");
                }
                case 7: { // a wrong type at a random leaf
                    JsonNode body = v.body() == null ? create.deepCopy() : v.body();
                    if (!wrongType(body)) {
                        return new Req(a, v.method(), v.path(), bytes("[[[]]]"), "application/json", "wrong-type");
                    }
                    return new Req(a, v.method(), v.path(), bytes(body.toString()), "application/json", "wrong-type");
                }
                case 8: { // absurd sizes
                    String text = json == null ? "{}" : new String(json, StandardCharsets.UTF_8);
                    String big = switch (rnd.nextInt(5)) {
                        case 0 -> replaceFirstString(text, "x".repeat(70_000 + rnd.nextInt(10_000)));
                        case 1 ->
                            text.replaceFirst("\":\\d+", "\":" + "9".repeat(150 + rnd.nextInt(200))); // a number value
                        case 2 -> "[".repeat(80 + rnd.nextInt(5000)) + "]".repeat(10);
                        case 3 -> "{\"a\":".repeat(70 + rnd.nextInt(500)) + "1" + "}".repeat(70);
                        default -> "{\"tags\":{\"a\":\"" + "y".repeat(1_100_000) + "\"}}";
                    };
                    if (big.equals(text)) {
                        big = "[".repeat(100);
                    }
                    return new Req(a, v.method(), v.path(), bytes(big), "application/json", "size");
                }
                case 9: { // bad paths and query parameters
                    String p = pick(List.of(
                            "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + RG
                                    + "/providers/Microsoft.ImportExport/jobs?" + Http.V + "&$top="
                                    + pick(List.of("0", "101", "-1", "abc", "1e3", "99999999999")),
                            "/subscriptions/" + TestServer.SUB + "/providers/Microsoft.ImportExport/jobs?" + Http.V
                                    + "&$filter="
                                    + pick(List.of("state%20eq%20'Nope'", "name%20eq%20'x'", "state", "%27%27")),
                            "/subscriptions/" + TestServer.SUB + "/providers/Microsoft.ImportExport/jobs?" + Http.V
                                    + "&$skipToken=" + pick(List.of("garbage", "%00", "AAAA", "eyJ9")),
                            "/ops/actions?status=" + pick(List.of("closed", "", "OPEN", "%00")),
                            "/ops/history",
                            "/ops/history?jobId=",
                            "/ops/../ops/facts",
                            "/ops/facts/../../subscriptions",
                            "/%2e%2e/ops/facts",
                            "/ops/actions/" + pick(List.of("nope", "a1%00", "..", "x".repeat(300))) + "/complete",
                            "/subscriptions//resourceGroups//providers/Microsoft.ImportExport/jobs/?" + Http.V,
                            "/providers/Microsoft.ImportExport/locations/"
                                    + pick(List.of("Mars", "%20", "x".repeat(500))) + "?" + Http.V,
                            "/nope",
                            "/ops",
                            "/ops/rules/nope",
                            "/" + "a/".repeat(200),
                            job + "/nope?" + Http.V,
                            job + "?" + Http.V + "&" + "p=".repeat(300)));
                    String method = p.contains("/complete") || p.contains("facts")
                            ? "POST"
                            : pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH"));
                    if (method.equals("POST") && p.contains("/complete")) {
                        return new Req(a, method, p, null, null, "path");
                    }
                    boolean jobsList = p.contains("/jobs?") && !p.contains("/jobs/");
                    if (jobsList
                            || p.startsWith("/ops/actions?")
                            || p.startsWith("/ops/history")
                            || p.contains("locations/")) {
                        method = "GET";
                    }
                    return new Req(
                            a,
                            method,
                            p,
                            method.equals("GET") ? null : bytes("{\"unexpected\":1}"),
                            "application/json",
                            "path");
                }
                case 10: { // facts that are no facts
                    ObjectNode f = (ObjectNode)
                            (v.body() instanceof ObjectNode o && o.has("type")
                                    ? o
                                    : F.objectNode()
                                            .put("type", "DriveProgress")
                                            .put("jobId", job)
                                            .put("driveId", Http.DRIVE)
                                            .put("percentComplete", 5));
                    switch (rnd.nextInt(6)) {
                        case 0 -> f.put("type", "TimerFired").put("name", "expiry");
                        case 1 -> f.put("type", pick(List.of("Nope", "", "driveprogress", "Fact", "java.lang.Object")));
                        case 2 -> f.remove("type");
                        case 3 -> f.put("type", 7);
                        case 4 -> f.put("factId", pick(List.of(1, 2)));
                        default -> f.putArray("type");
                    }
                    String body = rnd.nextBoolean() ? f.toString() : "[" + f + "]";
                    return new Req(a, "POST", "/ops/facts", bytes(body), "application/json", "fact");
                }
                default: { // a body where the route takes none, or a valid body with a wrong method
                    String m = pick(List.of("DELETE", "OPTIONS", "TRACE", "HEAD"));
                    if (m.equals("DELETE") && v.path().contains("api-version")) {
                        return new Req(TestServer.OPERATOR_KEY, m, v.path(), json, "application/json", "method");
                    }
                    return new Req(
                            a,
                            m,
                            v.path().startsWith("/ops") ? v.path() : "/ops/facts",
                            json,
                            "application/json",
                            "method");
                }
            }
        }

        /** A random object node of a tree, never a tags map. */
        ObjectNode randomObject(JsonNode root) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(root, null, objects);
            if (objects.isEmpty()) {
                ObjectNode o = F.objectNode();
                if (root instanceof ArrayNode arr) {
                    arr.add(o);
                }
                return o;
            }
            return pick(objects);
        }

        void collect(JsonNode n, String name, List<ObjectNode> out) {
            if (n instanceof ObjectNode o) {
                if (!"tags".equals(name)) {
                    out.add(o);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    collect(e.getValue(), e.getKey(), out);
                }
            } else if (n instanceof ArrayNode a) {
                a.forEach(x -> collect(x, name, out));
            }
        }

        /** Replaces one scalar leaf with a value of another type; false when there is none. */
        boolean wrongType(JsonNode root) {
            List<Object[]> leaves = new ArrayList<>();
            leaves(root, leaves);
            if (leaves.isEmpty()) {
                return false;
            }
            Object[] leaf = pick(leaves);
            ObjectNode parent = (ObjectNode) leaf[0];
            String field = (String) leaf[1];
            JsonNode old = parent.get(field);
            if (old.isTextual()) {
                switch (rnd.nextInt(4)) {
                    case 0 -> parent.put(field, 5);
                    case 1 -> parent.put(field, true);
                    case 2 -> parent.putArray(field).add(old.asText());
                    default -> parent.putObject(field).put("value", old.asText());
                }
            } else if (old.isNumber()) {
                switch (rnd.nextInt(4)) {
                    case 0 -> parent.put(field, old.asText());
                    case 1 -> parent.put(field, old.asDouble() + 0.5);
                    case 2 -> parent.put(field, true);
                    default -> parent.putArray(field).add(old);
                }
            } else if (old.isBoolean()) {
                parent.put(field, rnd.nextBoolean() ? "true" : "1");
            } else {
                return false;
            }
            return true;
        }

        void leaves(JsonNode n, List<Object[]> out) {
            if (n instanceof ObjectNode o) {
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                        out.add(new Object[] {o, e.getKey()});
                    } else {
                        leaves(e.getValue(), out);
                    }
                }
            } else if (n instanceof ArrayNode a) {
                a.forEach(x -> leaves(x, out));
            }
        }

        static String replaceFirstString(String json, String value) {
            int colon = json.indexOf(":\"");
            if (colon < 0) {
                return "{\"tags\":{\"a\":\"" + value + "\"}}";
            }
            int end = json.indexOf('"', colon + 2);
            return json.substring(0, colon + 2) + value + json.substring(end);
        }

        static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}

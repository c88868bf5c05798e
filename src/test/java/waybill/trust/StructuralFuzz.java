package waybill.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import waybill.api.TestServer;
import waybill.api.TestServer.Reply;

/**
 * Sends every structural mutation of valid bodies to the route that takes them and checks each answer:
 * never a 5xx; a 4xx carries a code, a message and a target (the mutated place, when the body is what is
 * wrong, or the body with a message naming the place), writes nothing and leaves what the route could change
 * as it was. The mutations reach every fact type, the Jobs bodies and the operators' bodies (clock, dry run,
 * reload, webhooks). A mutation may leave a body
 * valid (an empty tags object, a long carrier name): accepted, it is counted, and what "unchanged" means
 * is read again; a dry run must change nothing even when it answers 200.
 */
final class StructuralFuzz {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A route taking bodies: where to send one, and what must not change when it is refused. */
    record Route(String name, String method, Supplier<String> path, Supplier<String> state, boolean changesNothing) {
        /** A route sent to a new place each time (PUT under a fresh name): its state is read anew each time. */
        boolean fresh() {
            return method.equals("PUT");
        }
    }

    private final TestServer server;
    private final FuzzTest.Watched store;
    final Map<String, Integer> counts = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final Map<String, Long> millis = new TreeMap<>();
    int sent;

    StructuralFuzz(TestServer server, FuzzTest.Watched store) {
        this.server = server;
        this.store = store;
    }

    /** Sends every mutation of {@code valid} to the route. */
    void walk(Route route, JsonNode valid) {
        long t0 = System.nanoTime();
        String known = null; // the state as last read, while nothing was accepted since
        for (StructuralMutations.Mutation m : StructuralMutations.of(valid)) {
            String path = route.path().get();
            String before = known != null ? known : route.state().get();
            known = null;
            int writes = store.writes.get();
            Reply r = send(route.method(), path, m.body());
            sent++;
            int status = r.status();
            counts.merge(route.name() + " " + (status / 100) + "xx", 1, Integer::sum);
            String what = "#" + sent + " " + route.name() + " " + m.describe() + " -> " + status + " " + clip(r.text());
            if (status >= 500 || status < 200) {
                failures.add(what);
                continue;
            }
            if (System.getProperty("waybill.fuzz.verbose") != null && status / 100 == 2) {
                System.out.println("structural fuzz 2xx " + what);
            }
            boolean refused = status >= 400 || allRefused(r.json());
            if (status >= 400) {
                checkError(r, m, what);
            }
            if (refused || route.changesNothing()) {
                if (store.writes.get() != writes) {
                    failures.add(what + ": wrote to the store");
                }
                String after = route.state().get();
                if (!after.equals(before)) {
                    failures.add(what + ": changed " + clip(before) + " into " + clip(after));
                } else if (!route.fresh()) {
                    known = after;
                }
            }
        }
        millis.merge(route.name(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
    }

    private void checkError(Reply r, StructuralMutations.Mutation m, String what) {
        JsonNode error = r.json() == null ? null : r.json().get("error");
        if (error == null || blank(error.get("code")) || blank(error.get("message")) || blank(error.get("target"))) {
            failures.add(what + ": no code, message and target");
            return;
        }
        if (error.get("code").asText().equals("InvalidRequestContent")) {
            counts.merge("InvalidRequestContent", 1, Integer::sum);
            String target = error.get("target").asText();
            if (!names(target, m.path())
                    && !namedInMessage(target, m.path(), error.get("message").asText())) {
                failures.add(what + ": the target " + target + " is not the place mutated, " + m.path());
            }
        }
    }

    /**
     * Whether the error's target names the mutated place: the place itself, or a place inside it (an object
     * replaced by an empty one misses a field the rules need), or, for a fact whose type was mutated, the
     * type or the fact.
     */
    private static boolean names(String target, String path) {
        if (target.equals(path) || target.startsWith(path + ".") || target.startsWith(path + "[")) {
            return true;
        }
        if (path.equals("body")) {
            return true; // any place in a body that is not a body at all
        }
        if (path.endsWith("type")) {
            String fact = path.substring(0, path.length() - "type".length());
            return target.equals(fact.isEmpty() ? "body" : fact.replaceAll("\\.$", ""));
        }
        return false;
    }

    /**
     * A refusal of the whole body whose message names the mutated place: a body that must give one of two fields
     * and gives neither ("give exactly one of advance ... or now"), or a route that judges a nested value and
     * answers for the body ("filter.actions: 'x' is not one of ...").
     */
    private static boolean namedInMessage(String target, String path, String message) {
        return target.equals("body") && message.contains(path.replaceAll("\\[\\d+]$", ""));
    }

    /** An array of facts answers 200 with each decision; it changes nothing when every one was refused. */
    private static boolean allRefused(JsonNode reply) {
        if (reply == null || !reply.isArray()) {
            return false;
        }
        for (JsonNode d : reply) {
            if (d.path("accepted").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    private Reply send(String method, String path, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TestServer.ADMIN_KEY);
        headers.put("Content-Type", "application/json");
        return server.raw(method, path, body.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    private static boolean blank(JsonNode n) {
        return n == null || !n.isTextual() || n.asText().isBlank();
    }

    static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // --- the valid bodies ---------------------------------------------------------------------------------

    /** The specification's import example with every optional field a customer may send. */
    static JsonNode everyFieldImport() throws Exception {
        ObjectNode body = (ObjectNode) TestServer.example("CreateJob.json", "parameters", "body");
        body.putObject("tags").put("owner", "data team");
        body.putObject("identity").put("type", "None");
        ObjectNode p = (ObjectNode) body.get("properties");
        p.putObject("deliveryPackage")
                .put("carrierName", "FedEx")
                .put("trackingNumber", "123456789")
                .put("driveCount", 1)
                .put("shipDate", "2026-03-01");
        p.put("incompleteBlobListUri", "https://contoso.blob.core.windows.net/lists/incomplete.xml");
        p.putObject("encryptionKey")
                .put("kekType", "CustomerManaged")
                .put("kekUrl", "https://contoso.vault.azure.net/keys/ie/0123")
                .put(
                        "kekVaultResourceID",
                        "/subscriptions/" + TestServer.SUB
                                + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv");
        return body;
    }

    /** The specification's export example naming its blobs all three ways. */
    static JsonNode everyFieldExport() throws Exception {
        ObjectNode body = (ObjectNode) TestServer.example("CreateExportJob.json", "parameters", "body");
        ObjectNode export = ((ObjectNode) body.get("properties")).putObject("export");
        ObjectNode list = export.putObject("blobList");
        list.putArray("blobPath").add("/container/a.vhd");
        list.putArray("blobPathPrefix").add("/logs/");
        export.put("blobListBlobPath", "/exportlist/blobs.xml");
        return body;
    }

    /** Valid Jobs_Update bodies: tags; every updatable property, as the generated clients send them; a drive list. */
    static List<JsonNode> patches() throws Exception {
        ObjectNode tags = F.objectNode();
        tags.putObject("tags").put("owner", "ops").put("costCenter", "4711");
        ObjectNode all = F.objectNode();
        all.putObject("tags");
        ObjectNode p = all.putObject("properties")
                .put("cancelRequested", false)
                .put("backupDriveManifest", false)
                .put("logLevel", "Verbose");
        p.set(
                "returnAddress",
                TestServer.example("CreateJob.json", "parameters", "body").at("/properties/returnAddress"));
        p.putObject("returnShipping").put("carrierName", "FedEx").put("carrierAccountNumber", "989ffff");
        p.putObject("deliveryPackage")
                .put("carrierName", "FedEx")
                .put("trackingNumber", "123456789")
                .put("driveCount", 1)
                .put("shipDate", "2026-03-01");
        ObjectNode drives = F.objectNode();
        drives.putObject("properties")
                .set(
                        "driveList",
                        TestServer.example("CreateJob.json", "parameters", "body")
                                .at("/properties/driveList"));
        return List.of(tags, all, drives);
    }

    /** One valid fact of each type operators submit, about the job (its drive is {@link Http#DRIVE}). */
    static List<JsonNode> facts(String job) {
        String d = Http.DRIVE;
        List<JsonNode> out = new ArrayList<>();
        ObjectNode arrived =
                fact("PackageArrived", job).put("carrierName", "FedEx").put("trackingNumber", "123456789");
        arrived.putArray("driveIds").add(d);
        out.add(arrived);
        out.add(fact("DriveTransferStarted", job).put("driveId", d));
        out.add(fact("DriveProgress", job)
                .put("driveId", d)
                .put("percentComplete", 40)
                .put("bytesSucceeded", 1000));
        out.add(fact("DriveTransferFinished", job)
                .put("driveId", d)
                .put("errorCount", 0)
                .put("warningCount", 0)
                .put("overwrittenBlobCount", 0)
                .put("bytesSucceeded", 2000));
        ObjectNode shipped =
                fact("DrivesShippedBack", job).put("carrierName", "FedEx").put("trackingNumber", "987654321");
        shipped.putArray("driveIds").add(d);
        out.add(shipped);
        out.add(fact("ReturnAddressInvalid", job));
        out.add(fact("CustomerResponded", job).put("response", "ExtendWait").put("extendDays", 3));
        ArrayNode several = F.arrayNode();
        several.add(fact("DriveProgress", job).put("driveId", d).put("percentComplete", 45));
        several.add(fact("CustomerResponded", job).put("response", "JobUpdated"));
        out.add(several);
        out.add(fact("Fault", job).put("driveId", d).put("reason", "disk error"));
        out.add(fact("FaultResolved", job).put("driveId", d).put("resumeState", "Transferring"));
        // the customers' calls as facts: a create of a job that exists, an update of its tags, a delete it refuses
        ObjectNode create = fact("CreateJob", job);
        try {
            create.set("request", TestServer.example("CreateJob.json", "parameters", "body"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.add(create);
        ObjectNode update = fact("UpdateJob", job);
        update.putObject("request").putObject("tags").put("owner", "fuzz");
        out.add(update);
        out.add(fact("DeleteJob", job));
        return out;
    }

    /** A valid webhook registration: a URL, a secret of 16 characters or more, a filter. */
    static JsonNode webhook() {
        ObjectNode w = F.objectNode().put("url", "http://127.0.0.1:9/fuzz").put("secret", "0123456789abcdef0123");
        ObjectNode filter = w.putObject("filter").put("decisions", false);
        filter.putArray("actions").add("NotifyOperators");
        return w;
    }

    private static ObjectNode fact(String type, String job) {
        return F.objectNode().put("type", type).put("jobId", job);
    }
}

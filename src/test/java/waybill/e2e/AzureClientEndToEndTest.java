package waybill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.access.ApiKeys;
import waybill.api.WaybillServer;
import waybill.cli.Service;
import waybill.config.ServiceConfig;
import waybill.delivery.DeliveryConfig;
import waybill.store.mongo.StoreFactory;

/**
 * The official Azure Import/Export JavaScript client (@azure/arm-storageimportexport 2.1.0, in e2e/)
 * creates, gets, updates, lists and deletes jobs and lists BitLocker keys against the running service
 * on its embedded store, as a customer key of the script's subscription. Needs Node.js; installs the client from e2e/package-lock.json when missing.
 */
class AzureClientEndToEndTest {
    static final Path E2E = Path.of("e2e");
    /** The subscription azure-client.mjs works in, and a customer key for it. */
    static final String SUBSCRIPTION = "e2e00000-0000-0000-0000-000000000001";

    static final String KEY = "e2e-customer-key-0123456789abcdef";

    @Test
    void theOfficialAzureClientDrivesTheJobsApi(@TempDir Path data) throws Exception {
        installClient();
        Result r = againstService(data, List.of("node", "azure-client.mjs"), 120);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("9 passed, 0 failed"), r.output);
    }

    /**
     * Runs a client script in e2e/ against the service started on its embedded store in {@code data}, as a
     * customer key of {@link #SUBSCRIPTION}: the script gets WAYBILL_URL, WAYBILL_KEY and AZURE_EXAMPLES.
     */
    static Result againstService(Path data, List<String> command, int seconds) throws Exception {
        return againstService(data, command, seconds, c -> c, server -> {});
    }

    /** The same with the configuration changed, and {@code afterwards} run on the server before it stops. */
    static Result againstService(
            Path data,
            List<String> command,
            int seconds,
            java.util.function.UnaryOperator<ServiceConfig> change,
            Afterwards afterwards)
            throws Exception {
        ServiceConfig config = ServiceConfig.of(
                0,
                Path.of("rules"),
                data,
                null,
                ServiceConfig.ClockMode.MANUAL,
                Instant.parse("2026-03-02T09:00:00Z"),
                Path.of("config", "locations.yaml"),
                Map.of(ApiKeys.ENV, KEY + "=customer:" + SUBSCRIPTION));
        try (Service service = Service.over(change.apply(config), StoreFactory.open(data, null), DeliveryConfig.DEFAULT)
                .start()) {
            WaybillServer server = service.server();
            Result r = run(
                    command,
                    Map.of(
                            "WAYBILL_URL", "http://127.0.0.1:" + server.port(),
                            "WAYBILL_KEY", KEY,
                            "AZURE_EXAMPLES",
                                    Path.of("src", "test", "resources", "azure-examples")
                                                    .toAbsolutePath() + "/"),
                    seconds);
            afterwards.check(server);
            return r;
        }
    }

    /** What a test looks at on the server once the script has run. */
    interface Afterwards {
        void check(WaybillServer server) throws Exception;
    }

    private static void installClient() throws Exception {
        if (Files.isDirectory(E2E.resolve("node_modules/@azure/arm-storageimportexport"))) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        assertEquals(0, r.exit, "npm ci in e2e/ failed (Node.js and npm are needed):\n" + r.output);
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("e2e", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, command + " did not finish in " + seconds + " s:\n" + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(p.exitValue(), text);
    }
}

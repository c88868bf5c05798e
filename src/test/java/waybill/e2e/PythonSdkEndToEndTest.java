package waybill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.config.Throttling;

/**
 * The official Azure Import/Export Python SDK (azure-mgmt-storageimportexport 1.0.0b2 from Debian's
 * python3-azure, api-version 2021-01-01) drives e2e/python-sdk.py against the running service on its
 * embedded store, as a customer key of the script's subscription: create import and export jobs, get,
 * list by resource group and subscription page by page, update tags, ship, cancel, BitLocker keys,
 * locations, operations, delete. Needs Debian's python3 with the SDK: scripts/install-test-deps.sh.
 */
class PythonSdkEndToEndTest {
    /** Debian's interpreter: python3-azure installs for it, not for another python3 on the PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    static final String CHECKS = "19 passed, 0 failed";

    @Test
    void theOfficialAzurePythonSdkDrivesTheJobsApi(@TempDir Path data) throws Exception {
        requireSdk();
        AzureClientEndToEndTest.Result r =
                AzureClientEndToEndTest.againstService(data, List.of(PYTHON.toString(), "python-sdk.py"), 180);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(CHECKS), r.output());
    }

    /**
     * Given a burst past a small budget (a read and a write a second, Retry-After 1 s), the SDK is throttled
     * (the service answered 429) and still completes every call, because its retry policy honours Retry-After.
     */
    @Test
    void theOfficialAzurePythonSdkThrottledInABurstWaitsAndCompletesEveryCall(@TempDir Path data) throws Exception {
        requireSdk();
        AtomicReference<String> metrics = new AtomicReference<>();
        AzureClientEndToEndTest.Result r = AzureClientEndToEndTest.againstService(
                data,
                List.of(PYTHON.toString(), "python-sdk-throttled.py"),
                180,
                c -> c.withThrottling(Throttling.parse("reads=3,writes=3,window=PT3S")),
                server -> metrics.set(metrics(server.port())));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("Retry-After values: ['1']"), r.output());
        assertTrue(r.output().contains(", 19 calls completed"), r.output());
        assertTrue(
                Pattern.compile("http_server_requests_seconds_count\\{.*status=\"429\"\\} [1-9]")
                        .matcher(metrics.get())
                        .find(),
                "the service counted no 429 answer:\n" + metrics.get());
    }

    private static String metrics(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .header("Authorization", "Bearer " + AzureClientEndToEndTest.KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** Fails (never skips) when the SDK is not installed, saying how to install it. */
    private static void requireSdk() throws Exception {
        String install = "run scripts/install-test-deps.sh (it installs Debian's python3-azure with apt)";
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the Python SDK end-to-end test needs Debian's python3; " + install);
        }
        AzureClientEndToEndTest.Result r = AzureClientEndToEndTest.run(
                List.of(PYTHON.toString(), "-c", "import azure.mgmt.storageimportexport"), Map.of(), 60);
        if (r.exit() != 0) {
            fail("the Azure Python SDK (azure.mgmt.storageimportexport) is not installed for " + PYTHON + "; " + install
                    + ":\n" + r.output());
        }
    }
}

package waybill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

package waybill.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import waybill.api.TestServer;
import waybill.config.ServiceConfig;

/**
 * The console's rules page in a real Chromium: a dry run of a longer package wait shows, beside the fixture
 * differences, the open job's deadline it would move; the reload with "move the open jobs' deadlines"
 * activates it and shows the retime's progress to the end.
 */
class RetimeConsoleBrowserTest {
    static final String WAIT_14 = "packageArrivalWait() { return \"P14D\"; }";
    static final String WAIT_21 = "packageArrivalWait() { return \"P21D\"; }";

    @Test
    void theRulesPagePreviewsTheMoveAndReloadsWithRetime(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        ChromeDriver browser = null;
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            assertEquals(201, app.createImport("rg-console", "retimed-job").status());
            assertEquals(
                    200,
                    app.patch(
                                    TestServer.jobUrl("rg-console", "retimed-job"),
                                    Map.of(
                                            "properties",
                                            Map.of(
                                                    "state",
                                                    "Shipping",
                                                    "deliveryPackage",
                                                    Map.of("carrierName", "FedEx", "trackingNumber", "1Z999"))))
                            .status());
            assertEquals(200, app.post("/ops/clock", Map.of("advance", "P10D")).status());

            browser = Chromium.start();
            WebDriverWait wait = new WebDriverWait(browser, java.time.Duration.ofSeconds(90));
            browser.get(app.base() + "/console");
            browser.findElement(By.id("key")).sendKeys(TestServer.ADMIN_KEY);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in-as"), "ada (admin)"));
            browser.get(app.base() + "/console#/rules");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("rules-revision"),
                    app.get("/ops/rules").json().path("revision").asText()));

            new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-file"))))
                    .selectByValue("limits.drl");
            wait.until(d -> String.valueOf(js(d, "return document.getElementById('edit-text').value"))
                    .contains("packageArrivalWait"));
            js(
                    browser,
                    "const t = document.getElementById('edit-text');"
                            + "t.value = t.value.replace('packageArrivalWait() { return \"P14D\"',"
                            + " 'packageArrivalWait() { return \"P21D\"');"
                            + "t.dispatchEvent(new Event('input'));");
            browser.findElement(By.id("edit-dry-run")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("retimed-summary"), "1 deadline(s)"));
            String table = browser.findElement(By.id("retimed-table")).getText();
            assertTrue(table.contains("retimed-job") && table.contains("package-arrival"), table);
            assertTrue(table.contains("P7D"), table);
            assertTrue(
                    browser.findElement(By.id("dry-run-summary")).getText().contains("decide differently"),
                    "the fixture differences beside it");
            js(browser, "document.getElementById('dry-run-result').scrollIntoView()");
            shoot(browser, "rules-retime-preview");

            Path limits = rules.resolve("limits.drl");
            Files.writeString(limits, Files.readString(limits).replace(WAIT_14, WAIT_21));
            browser.findElement(By.id("reload-retime")).click();
            browser.findElement(By.id("reload-force")).click();
            browser.findElement(By.id("rules-reload")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("retime-progress"), "done: 1 of 1 job(s) moved"));
            assertTrue(
                    browser.findElement(By.id("reload-result")).getText().contains("Activated revision"),
                    browser.findElement(By.id("reload-result")).getText());
            js(browser, "document.getElementById('reload-result').scrollIntoView()");
            shoot(browser, "rules-retime-done");
            assertEquals(
                    "RulesChanged",
                    app.get("/ops/history?jobId=" + TestServer.jobPath("rg-console", "retimed-job"))
                            .json()
                            .path(2)
                            .path("factType")
                            .asText());
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private static Object js(org.openqa.selenium.WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void shoot(ChromeDriver browser, String name) throws java.io.IOException {
        String dir = System.getProperty("waybill.screenshots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }
}

package waybill.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import waybill.api.TestServer;
import waybill.api.TimerIncidentsApiTest;
import waybill.config.ServiceConfig;

/**
 * A timer the rules fail to decide shows on the console's board and on its job's page, in a real
 * Chromium, with the rule and its file:line; an operator's retry from the board answers. With
 * {@code -Dwaybill.screenshots=DIR} the two pages are saved as PNGs.
 */
class IncidentsBrowserTest {
    @Test
    void aFailingTimerShowsOnTheBoardAndOnItsJobsPage(@TempDir Path dir) throws Exception {
        Path rules = TestServer.copyRules(dir);
        ChromeDriver browser = null;
        try (TestServer app = TestServer.start(rules, ServiceConfig.ClockMode.MANUAL)) {
            assertEquals(201, app.createImport("rg-poison", "poison-job").status());
            assertEquals(201, app.createImport("rg-poison", "good-job").status());
            Files.copy(TimerIncidentsApiTest.POISON, rules.resolve("poison.drl"));
            assertEquals(200, app.post("/ops/rules/reload", null).status());
            assertEquals(
                    1,
                    app.post("/ops/clock", Map.of("advance", "P15D"))
                            .json()
                            .get("failed")
                            .size());

            browser = Chromium.start();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            browser.get(app.base() + "/console");
            WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
            key.sendKeys(TestServer.OPERATOR_KEY);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in-as"), "operator"));

            browser.get(app.base() + "/console#/board");
            WebElement incidents = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-incidents")));
            wait.until(ExpectedConditions.textToBePresentInElement(incidents, "poison.drl:8"));
            String board = incidents.getText();
            assertTrue(board.contains(TimerIncidentsApiTest.POISON_RULE), board);
            assertTrue(board.contains("creating-expiry"), board);
            assertTrue(board.contains("poison-job"), board);
            shoot(browser, "board-incident");

            String job = jobPath("rg-poison", "poison-job");
            browser.get(app.base() + "/console#/job/" + URLEncoder.encode(job, StandardCharsets.UTF_8));
            WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".incident")));
            wait.until(ExpectedConditions.textToBePresentInElement(banner, "poison.drl:8"));
            assertTrue(banner.getText().contains("Failing timer"), banner.getText());
            shoot(browser, "job-incident");

            // the retry fires it again at once: the rules fail it once more
            int failures =
                    app.get("/ops/rules").json().at("/troubles/ruleFailures").asInt();
            banner.findElement(By.cssSelector("button.retry")).click();
            wait.until(d ->
                    app.get("/ops/rules").json().at("/troubles/ruleFailures").asInt() == failures + 1);
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private static void shoot(ChromeDriver browser, String name) throws Exception {
        String dir = System.getProperty("waybill.screenshots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }
}

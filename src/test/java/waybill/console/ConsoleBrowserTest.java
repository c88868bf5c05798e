package waybill.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.api.TestServer.jobPath;
import static waybill.api.TestServer.jobUrl;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import waybill.api.TestServer;

/**
 * The console in a real Chromium (Debian's chromium and chromium-driver, headless): one browser and one
 * service for the whole class, the steps in order as an operator would take them. Every step ends by
 * checking the browser's log holds no error. With {@code -Dwaybill.screenshots=DIR}
 * (scripts/console-screenshots.sh) each page is also saved as a PNG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static TestServer app;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static final String SHIPPED = jobPath("rg-console", "shipped-job");
    static final String ARRIVING = jobPath("rg-console", "arriving-job");
    static final String OTHERS = jobPath(TestServer.SUB2, "rg-other", "other-tenant-job");

    @BeforeAll
    static void boot() throws Exception {
        app = TestServer.manual();
        browser = Chromium.start();
        wait = new WebDriverWait(browser, java.time.Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void drainTheLog() {
        browser.manage().logs().get(LogType.BROWSER);
    }

    @Test
    @Order(1)
    void signsInWithAKeyKeptInSessionStorageOnly() {
        open("/console");
        shoot("sign-in");
        type(By.id("key"), TestServer.ADMIN_KEY);
        browser.findElement(By.id("sign-in")).click();
        waitText(By.id("signed-in-as"), "ada (admin)");
        assertFalse(browser.getCurrentUrl().contains(TestServer.ADMIN_KEY), "the key is never in the URL");
        assertEquals(TestServer.ADMIN_KEY, js("return sessionStorage.getItem('waybill.key')"));
        assertEquals(null, js("return localStorage.getItem('waybill.key')"));
        assertNoBrowserErrors();
    }

    @Test
    @Order(2)
    void aJobCreatedThroughTheAzureApiAppearsOnTheBoard() throws Exception {
        assertEquals(
                201,
                app.sendAs(TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-console", "shipped-job"), example())
                        .status());
        open("/console#/board");
        browser.findElement(By.id("apply-filters")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(row(SHIPPED)));
        assertTrue(row.getText().contains("Creating"), row.getText());
        waitText(By.cssSelector(".count[data-state='Creating'] .n"), "1");
        shoot("board");
        assertNoBrowserErrors();
    }

    @Test
    @Order(3)
    void afterShippingTheTimelineShowsThePackageArrivalDeadlineAndItsRule() {
        app.send("POST", "/ops/clock", Map.of("advance", "PT2H"));
        ship("shipped-job");
        open("/console#/job/" + enc(SHIPPED));
        waitText(By.id("job-state"), "Shipping");
        WebElement deadline = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#timeline tr[data-deadline='package-arrival']")));
        String text = deadline.getText();
        assertTrue(text.contains("A Shipping job waits two weeks for its package"), text);
        assertTrue(text.contains("shipping.drl:"), text);
        assertTrue(text.contains("NeverReceived"), "what happens when it fires: " + text);
        String history = browser.findElement(By.id("history")).getText();
        assertTrue(history.contains("contoso"), "who submitted each fact: " + history);
        shoot("job");
        assertNoBrowserErrors();
    }

    @Test
    @Order(4)
    void timeTravelShowsTheJobCreatingBeforeItShipped() {
        WebElement slider = browser.findElement(By.id("travel-slider"));
        slider.sendKeys(Keys.HOME); // the keyboard moves the slider to the first decision
        waitText(By.id("job-state"), "Creating");
        assertTrue(browser.findElement(By.id("asof-banner")).isDisplayed());
        assertTrue(
                browser.findElement(By.id("timeline")).getText().contains("creating-expiry"),
                "the timeline as it stood then");
        shoot("job-time-travel");
        browser.findElement(By.id("travel-now")).click();
        waitText(By.id("job-state"), "Shipping");
        assertNoBrowserErrors();
    }

    @Test
    @Order(5)
    void anActionIsCompletedFromTheQueue() {
        app.send("POST", "/ops/clock", Map.of("advance", "P15D")); // the package never came: operators are told
        open("/console#/queue");
        By button = By.cssSelector("#queue tr[data-action] button.complete");
        WebElement first = wait.until(ExpectedConditions.elementToBeClickable(button));
        String id = first.findElement(By.xpath("ancestor::tr")).getAttribute("data-action");
        waitText(By.id("calendar"), "missing-package-response"); // the calendar of due work fills too
        shoot("queue");
        first.click();
        waitText(By.id("completed"), "completed by ada");
        JsonNode done = app.get("/ops/actions?status=done").json();
        boolean found = false;
        for (JsonNode a : done) {
            found |= a.path("id").asText().equals(id)
                    && a.path("completedBy").asText().equals("ada");
        }
        assertTrue(found, done.toString());
        assertNoBrowserErrors();
    }

    @Test
    @Order(6)
    void aFactIsDryRunThenSubmittedFromTheForm() throws Exception {
        assertEquals(
                201,
                app.sendAs(TestServer.CUSTOMER_KEY, "PUT", jobUrl("rg-console", "arriving-job"), example())
                        .status());
        ship("arriving-job");
        open("/console#/facts/" + enc(ARRIVING));
        new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("fact-type"))))
                .selectByValue("PackageArrived");
        type(waitFor(By.id("fact-driveIds")), "9CA995BB");
        browser.findElement(By.id("fact-dry-run")).click();
        waitText(By.cssSelector("#fact-result h2"), "Dry run: accepted");
        assertTrue(browser.findElement(By.id("fact-transitions")).getText().contains("Received"));
        assertEquals("Shipping", state(ARRIVING), "a dry run changes nothing");
        shoot("fact-dry-run");
        browser.findElement(By.id("fact-submit")).click();
        waitText(By.cssSelector("#fact-result h2"), "Submitted: accepted");
        assertEquals("Received", state(ARRIVING));
        assertNoBrowserErrors();
    }

    @Test
    @Order(7)
    void aRefusalIsShownWithItsRuleAndReason() {
        browser.findElement(By.id("fact-submit")).click(); // the same drives again: refused by a rule
        waitText(By.cssSelector("#fact-result h2"), "refused");
        String refusal =
                browser.findElement(By.cssSelector("#fact-result .refusals")).getText();
        assertTrue(refusal.contains("A drive that has arrived cannot arrive again"), refusal);
        assertTrue(refusal.contains("arrivals.drl:"), refusal);
        shoot("fact-refused");
        // the browser logs the refused request's 4xx, and nothing else
        assertNoBrowserErrors("/ops/facts");
    }

    @Test
    @Order(8)
    void aRuleEditsDryRunShowsItsDifference() {
        open("/console#/rules");
        waitText(
                By.id("rules-revision"),
                app.get("/ops/rules").json().path("revision").asText());
        new Select(waitFor(By.id("edit-file"))).selectByValue("limits.drl");
        wait.until(d -> String.valueOf(js("return document.getElementById('edit-text').value"))
                .contains("creatingExpiry"));
        js("const t = document.getElementById('edit-text');"
                + "t.value = t.value.replace('return \"P14D\"', 'return \"P21D\"');"
                + "t.dispatchEvent(new Event('input'));");
        browser.findElement(By.id("edit-dry-run")).click();
        wait.until(d -> d.findElement(By.id("dry-run-summary")).getText().contains("decide differently"));
        String lines = browser.findElement(By.id("dry-run-lines")).getText();
        assertTrue(lines.contains("creating-expiry") || lines.contains("Creating"), lines);
        assertFalse(browser.findElement(By.id("dry-run-summary")).getText().startsWith("x -> x: 0 fixture step(s)"));
        assertTrue(browser.findElement(By.id("rules-table")).getText().contains("shipping.drl:"));
        shoot("rules");
        assertNoBrowserErrors();
    }

    @Test
    @Order(9)
    void eachDiagramShowsEveryState() {
        open("/console#/diagrams");
        for (String entity : List.of("job", "drive")) {
            browser.findElement(By.id("diagram-" + entity)).click();
            List<String> states = entity.equals("job")
                    ? List.of(
                            "Creating",
                            "Shipping",
                            "Received",
                            "Transferring",
                            "Packaging",
                            "Completed",
                            "Closed",
                            "Faulted")
                    : List.of(
                            "Specified",
                            "Received",
                            "NeverReceived",
                            "Transferring",
                            "Completed",
                            "CompletedMoreInfo",
                            "ShippedBack",
                            "Faulted");
            for (String s : states) {
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#diagram svg g.state[data-state='" + s + "']")));
            }
            assertTrue(
                    browser.findElements(By.cssSelector("#diagram svg g.edge[data-to='Faulted']"))
                                    .size()
                            > 0,
                    "the error paths are drawn");
            shoot("diagram-" + entity);
        }
        open("/console#/board"); // the board once there is more on it: the README's picture
        wait.until(ExpectedConditions.presenceOfElementLocated(row(ARRIVING)));
        shoot("board");
        assertNoBrowserErrors();
    }

    @Test
    @Order(10)
    void aCustomerKeySeesNoOtherSubscriptionsJob() throws Exception {
        JsonNode other = example();
        ((com.fasterxml.jackson.databind.node.ObjectNode) other.path("properties"))
                .put(
                        "storageAccountId",
                        "/subscriptions/" + TestServer.SUB2
                                + "/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/other");
        assertEquals(
                201,
                app.sendAs(
                                TestServer.OTHER_CUSTOMER_KEY,
                                "PUT",
                                "/subscriptions/" + TestServer.SUB2
                                        + "/resourceGroups/rg-other/providers/Microsoft.ImportExport/jobs/other-tenant-job?"
                                        + TestServer.V,
                                other)
                        .status());
        browser.findElement(By.id("sign-out")).click();
        type(waitFor(By.id("key")), TestServer.CUSTOMER_KEY);
        browser.findElement(By.id("sign-in")).click();
        waitText(By.id("signed-in-as"), "contoso (customer)");
        open("/console#/board");
        wait.until(ExpectedConditions.presenceOfElementLocated(row(SHIPPED)));
        assertTrue(browser.findElements(row(OTHERS)).isEmpty(), "another subscription's job is not on the board");
        assertEquals("2", browser.findElement(By.id("board-total")).getText());
        assertTrue(
                browser.findElements(By.cssSelector("header nav a[href='#/rules']"))
                        .isEmpty(),
                "a customer's pages are the board and its jobs");
        open("/console#/job/" + enc(OTHERS));
        waitText(By.id("error"), "not found");
        assertTrue(browser.findElements(By.id("job-title")).isEmpty(), "no job is shown");
        open("/console#/board");
        wait.until(ExpectedConditions.presenceOfElementLocated(row(SHIPPED)));
        shoot("customer-board");
        assertNoBrowserErrors("/ops/job");
    }

    // --- helpers

    private static JsonNode example() throws Exception {
        return TestServer.example("CreateJob.json", "parameters", "body");
    }

    private static void ship(String name) {
        TestServer.Reply r = app.sendAs(
                TestServer.CUSTOMER_KEY,
                "PATCH",
                jobUrl("rg-console", name),
                Map.of(
                        "properties",
                        Map.of(
                                "state",
                                "Shipping",
                                "deliveryPackage",
                                Map.of("carrierName", "FedEx", "trackingNumber", "123456789"))));
        assertEquals(200, r.status(), r.text());
    }

    private static String state(String jobId) {
        return app.get("/ops/job?jobId=" + enc(jobId)).json().at("/job/state").asText();
    }

    private static By row(String jobId) {
        return By.cssSelector("#board tr[data-job='" + jobId + "']");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void open(String path) {
        browser.get(app.base() + path);
    }

    private static WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void type(By by, String text) {
        type(waitFor(by), text);
    }

    private static void type(WebElement e, String text) {
        e.clear();
        e.sendKeys(text);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** No error in the browser's log since the step began, but failed requests to {@code expectedFailures}. */
    private static void assertNoBrowserErrors(String... expectedFailures) {
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() < java.util.logging.Level.SEVERE.intValue()) {
                continue;
            }
            String m = e.getMessage();
            boolean expected = false;
            for (String path : expectedFailures) {
                expected |= m.contains(path) && m.contains("Failed to load resource");
            }
            assertTrue(expected, "the browser logged an error: " + m);
        }
    }

    private static void shoot(String name) {
        String dir = System.getProperty("waybill.screenshots");
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

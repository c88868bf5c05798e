package waybill.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromium-driver, headless, at 1280x800, its console log
 * kept for the tests. Nothing is downloaded: the driver and the browser are the installed ones
 * (scripts/install-test-deps.sh installs them).
 */
final class Chromium {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path BROWSER = Path.of("/usr/bin/chromium");

    private Chromium() {}

    static ChromeDriver start() {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BROWSER)) {
            throw new IllegalStateException("the console's browser tests need Debian's chromium and chromium-driver ("
                    + BROWSER + ", " + DRIVER + "): run scripts/install-test-deps.sh");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--force-device-scale-factor=1",
                "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // the window's size includes what headless Chromium keeps for its frame: grow it to a 1280x800 page
        Number inner = (Number) driver.executeScript("return window.innerHeight");
        org.openqa.selenium.Dimension outer = driver.manage().window().getSize();
        driver.manage()
                .window()
                .setSize(new org.openqa.selenium.Dimension(1280, outer.getHeight() + 800 - inner.intValue()));
        return driver;
    }
}

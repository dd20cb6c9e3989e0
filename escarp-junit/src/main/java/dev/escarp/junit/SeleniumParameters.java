package dev.escarp.junit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Selenium parameters: a {@code WebDriver} (a {@code ChromeDriver}) attached to the leased slot
 * with {@code debuggerAddress}, through the system's chromedriver ({@code webdriver.chrome.driver},
 * else {@code chromedriver} on {@code PATH}; never a download). {@code quit()} after the test ends
 * chromedriver and leaves the browser running. Loaded only when a test declares these types.
 */
final class SeleniumParameters {

  static final Set<String> TYPES = Set.of("org.openqa.selenium.WebDriver", "org.openqa.selenium.chrome.ChromeDriver");

  private SeleniumParameters() {}

  static Object resolve(Lease lease) {
    return lease.attachment(Driver.class, Driver.class, () -> new Driver(open(lease.browser()))).driver;
  }

  private static ChromeDriver open(LeasedBrowser browser) {
    File chromedriver = chromedriver().orElseThrow(() -> new ParameterResolutionException(
        "no chromedriver for Selenium: put chromedriver on PATH or set -Dwebdriver.chrome.driver=/path/to/chromedriver"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption("debuggerAddress", browser.debuggerAddress());
    return new ChromeDriver(service, options);
  }

  private static Optional<File> chromedriver() {
    String configured = System.getProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(new File(configured));
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "chromedriver"))
        .filter(Files::isExecutable)
        .map(Path::toFile)
        .findFirst();
  }

  /** One test's WebDriver. */
  private static final class Driver implements AutoCloseable {
    private final ChromeDriver driver;

    Driver(ChromeDriver driver) {
      this.driver = driver;
    }

    /** With debuggerAddress, quit() ends chromedriver and its session, not the browser. */
    @Override
    public void close() {
      driver.quit();
    }

    @Override
    public String toString() {
      return "Selenium ChromeDriver";
    }
  }
}

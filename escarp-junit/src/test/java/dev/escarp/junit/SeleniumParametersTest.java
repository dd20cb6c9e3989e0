package dev.escarp.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.escarp.junit.testing.JUnitPool;
import dev.escarp.junit.testing.Run;
import dev.escarp.junit.testing.TestSite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/** Selenium parameters: the system's chromedriver attached to a real one-slot pool. */
@Execution(ExecutionMode.SAME_THREAD)
class SeleniumParametersTest {

  private static JUnitPool pool;
  private static TestSite site;

  @BeforeAll
  static void aOneSlotPool() {
    pool = JUnitPool.create(1);
    site = TestSite.serving("<!doctype html><title>selenium site</title>");
  }

  @AfterAll
  static void endIt() {
    site.close();
    pool.close();
  }

  record Seen(String title, String cookie, boolean sameDriver) {}

  static final AtomicReference<Seen> SEEN = new AtomicReference<>();
  static final AtomicReference<ChromeDriver> DRIVER = new AtomicReference<>();

  @Escarp
  static class DrivesThePage {
    @Test
    void drives(WebDriver driver, ChromeDriver chrome) {
      driver.get(site.url("/page"));
      driver.manage().addCookie(new org.openqa.selenium.Cookie("mark", "1"));
      SEEN.set(new Seen(driver.getTitle(), driver.manage().getCookieNamed("mark").getValue(), driver == chrome));
      DRIVER.set(chrome);
    }
  }

  @Test
  void webDriver_drivesTheLeasedBrowser_andQuittingAfterTheTestLeavesItRunning() throws Exception {
    TestExecutionSummary summary = Run.of(DrivesThePage.class, pool, Map.of());

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    long pid = pool.browserPid(0).orElseThrow(() -> new AssertionError("quitting the driver ended the browser"));
    assertEquals(new Seen("selenium site", "1", true), SEEN.get());
    assertNull(DRIVER.get().getSessionId(), "the driver should have quit when the test ended");
    assertEquals(List.of("about:blank"), pool.pageUrls(0), "the reset after the test");
    assertEquals(0, pool.cookies(0).size());

    TestExecutionSummary again = Run.of(DrivesThePage.class, pool, Map.of());
    assertEquals(1, again.getTestsSucceededCount(), () -> Run.failures(again));
    assertEquals(pid, pool.browserPid(0).orElseThrow(), "the next test gets the same, still running browser");
  }
}

package dev.escarp.junit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Page;
import dev.escarp.junit.testing.JUnitPool;
import dev.escarp.junit.testing.Run;
import dev.escarp.junit.testing.TestSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openqa.selenium.WebDriver;

/** A failed test leaves a screenshot and its pages' console, and its failure says where. */
@Execution(ExecutionMode.SAME_THREAD)
class EvidenceTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  private static JUnitPool pool;
  private static TestSite site;

  @TempDir Path evidence;

  @BeforeAll
  static void aOneSlotPool() {
    pool = JUnitPool.create(1);
    site = TestSite.serving("<!doctype html><title>checkout</title><h1>Checkout</h1>"
        + "<script>console.log('cart loaded'); console.error('payment widget failed');</script>");
  }

  @AfterAll
  static void endIt() {
    site.close();
    pool.close();
  }

  @Escarp
  static class FailsWithPlaywright {
    @Test
    void checksOut(Page page) {
      page.navigate(site.url("/checkout"));
      page.evaluate("console.warn('about to fail')");
      fail("the order was not placed");
    }
  }

  @Escarp
  static class FailsWithSelenium {
    @Test
    void checksOut(WebDriver driver) {
      driver.get(site.url("/checkout"));
      fail("the order was not placed");
    }
  }

  @Escarp
  static class Passes {
    @Test
    void checksOut(Page page) {
      page.navigate(site.url("/checkout"));
    }
  }

  @Test
  void aFailingPlaywrightTest_writesItsScreenshotAndConsole_andNamesThemInTheFailure() throws Exception {
    TestExecutionSummary summary = Run.of(FailsWithPlaywright.class, pool, Map.of("escarp.evidence", evidence.toString()));

    Path dir = evidence.resolve(FailsWithPlaywright.class.getName()).resolve("checksOut");
    assertWritten(summary, dir);
    String console = Files.readString(dir.resolve("console.txt"));
    assertTrue(console.contains("console.log: cart loaded"), console);
    assertTrue(console.contains("console.error: payment widget failed"), console);
    assertTrue(console.contains("console.warning: about to fail"), console);
  }

  @Test
  void aFailingSeleniumTest_writesItsScreenshotAndConsole() throws Exception {
    TestExecutionSummary summary = Run.of(FailsWithSelenium.class, pool, Map.of("escarp.evidence", evidence.toString()));

    Path dir = evidence.resolve(FailsWithSelenium.class.getName()).resolve("checksOut");
    assertWritten(summary, dir);
    assertTrue(Files.readString(dir.resolve("console.txt")).contains("console.error: payment widget failed"));
  }

  @Test
  void aPassingTest_leavesNoEvidence() {
    TestExecutionSummary summary = Run.of(Passes.class, pool, Map.of("escarp.evidence", evidence.toString()));

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    assertFalse(Files.exists(evidence.resolve(Passes.class.getName())));
  }

  private static void assertWritten(TestExecutionSummary summary, Path dir) throws Exception {
    assertEquals(1, summary.getTestsFailedCount());
    Throwable failure = summary.getFailures().get(0).getException();
    assertEquals("the order was not placed", failure.getMessage());
    byte[] png = Files.readAllBytes(dir.resolve("screenshot.png"));
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 4), "screenshot.png is a PNG");
    String note = Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage).filter(m -> m.startsWith("escarp evidence: "))
        .findFirst().orElseThrow(() -> new AssertionError("the failure does not name its evidence"));
    assertTrue(note.contains(dir.resolve("screenshot.png").toAbsolutePath().toString())
        && note.contains(dir.resolve("console.txt").toAbsolutePath().toString()), note);
  }
}

package dev.escarp.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.junit.testing.JUnitPool;
import dev.escarp.junit.testing.Run;
import dev.escarp.junit.testing.TestSite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Playwright for Java parameters, attached over CDP to a real one-slot pool. */
@Execution(ExecutionMode.SAME_THREAD)
class PlaywrightParametersTest {

  private static JUnitPool pool;
  private static TestSite site;

  @BeforeAll
  static void aOneSlotPool() {
    pool = JUnitPool.create(1);
    site = TestSite.serving("<!doctype html><title>site</title><h1>hello</h1>");
  }

  @AfterAll
  static void endIt() {
    site.close();
    pool.close();
  }

  record Seen(Browser browser, BrowserContext context, Page page, LeasedBrowser leased, String title, long blankTabs,
      boolean connectedInTheTest, BrowserContext defaultContext) {}

  static final AtomicReference<Seen> SEEN = new AtomicReference<>();

  @Escarp
  static class DrivesThePage {
    @Test
    void drives(Browser browser, BrowserContext context, Page page, LeasedBrowser leased) {
      long blank = context.pages().stream().filter(p -> p.url().equals("about:blank")).count();
      page.navigate(site.url("/hello"));
      page.evaluate("document.cookie = 'mark=1; path=/; max-age=3600'; localStorage.setItem('mark', '1')");
      SEEN.set(new Seen(browser, context, page, leased, page.title(), blank, browser.isConnected(),
          browser.contexts().get(0)));
    }
  }

  @Test
  void browserContextAndPage_areOneConnectionToTheLeasedSlot_thatEndsWithTheTest() throws Exception {
    long pid = warmBrowserPid();

    TestExecutionSummary summary = Run.of(DrivesThePage.class, pool, Map.of());

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    Seen seen = SEEN.get();
    assertEquals("site", seen.title());
    assertTrue(seen.connectedInTheTest());
    assertSame(seen.context(), seen.defaultContext(), "the browser's default context: the slot's profile");
    assertSame(seen.context(), seen.page().context());
    assertEquals(1, seen.blankTabs(), "the test starts on the one blank tab the reset left");
    assertEquals(0, seen.leased().slot().index());
    assertFalse(seen.browser().isConnected(), "Playwright should be disconnected when the test ends");
    assertEquals(pid, pool.browserPid(0).orElseThrow(), "disconnecting must never end the browser");
    assertEquals(List.of("about:blank"), pool.pageUrls(0), "the reset after the test");
    assertEquals(0, pool.cookies(0).size());
  }

  @Test
  void aTestWaitingForABrowser_hasItsPlaywrightDriverRunningAlready_soTheSlotIsNotHeldWhileItStarts() throws Exception {
    warmBrowserPid();
    EscarpPool other = EscarpPool.builder().home(pool.home()).environment(Map.of()).resetter(SlotResetter.none()).build();
    ExecutorService testThread = Executors.newSingleThreadExecutor();
    CompletableFuture<TestExecutionSummary> running;
    try (ClaimedSlot held = other.tryClaim("another suite").orElseThrow()) {
      assertTrue(held.isOpen());
      running = CompletableFuture.supplyAsync(() -> Run.of(DrivesThePage.class, pool, Map.of()), testThread);
      // Playwright for Java runs its driver as a child process: `node .../cli.js run-driver`.
      await("Playwright's driver started while the test waits for the only slot").atMost(Duration.ofSeconds(60))
          .until(PlaywrightParametersTest::aPlaywrightDriverRuns);
      assertFalse(running.isDone(), "the test should still be waiting for the slot");
    } finally {
      testThread.shutdown();
    }
    TestExecutionSummary summary = running.get(60, TimeUnit.SECONDS);
    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    assertEquals("site", SEEN.get().title());
  }

  private static boolean aPlaywrightDriverRuns() {
    return ProcessHandle.current().descendants()
        .anyMatch(p -> p.info().commandLine().orElse("").contains("run-driver"));
  }

  /** The slot's browser, launched by a first test if need be. */
  private static long warmBrowserPid() {
    TestExecutionSummary first = Run.of(DrivesThePage.class, pool, Map.of());
    assertEquals(1, first.getTestsSucceededCount(), () -> Run.failures(first));
    return pool.browserPid(0).orElseThrow();
  }
}

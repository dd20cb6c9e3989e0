package dev.escarp.examples.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.examples.support.LocalSite;
import dev.escarp.examples.support.ScratchPool;
import dev.escarp.examples.support.SlotBrowsers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's contract, checked by running small test classes through JUnit's launcher
 * against a real one-slot pool in a temporary ESCARP_HOME.
 */
@Execution(ExecutionMode.SAME_THREAD)
class EscarpExtensionTest {

  private static ScratchPool scratch;
  private static EscarpPool pool;
  private static LocalSite site;

  @BeforeAll
  static void launchAOneSlotPool() {
    scratch = ScratchPool.temporary(1);
    scratch.launch();
    pool = scratch.poolBuilder().build();
    site = LocalSite.start().page("/", "<title>site</title>");
  }

  @AfterAll
  static void stopIt() {
    site.close();
    scratch.close();
  }

  // --- the classes run through the launcher (static nested: surefire does not run them itself) ---

  @Escarp
  static class FailsAfterMakingAMess {
    @Test
    void fails(LeasedBrowser browser) {
      CdpPage page = browser.newPage();
      page.navigate(site.url("/"));
      page.evaluate("document.cookie = 'mess=1; max-age=3600'");
      browser.newPage().navigate(site.url("/?second-tab"));
      fail("on purpose");
    }
  }

  static final AtomicReference<Instant> HELD_AT = new AtomicReference<>();

  @Escarp
  static class NotesWhenItGotTheBrowser {
    @Test
    void notes(LeasedBrowser browser) {
      HELD_AT.set(Instant.now());
    }
  }

  static final List<LeasedBrowser> SEEN = new ArrayList<>();

  @Escarp
  static class SharesOneBrowserAcrossTheClass {
    @BeforeAll
    static void lease(LeasedBrowser browser) {
      SEEN.add(browser);
    }

    @Test
    void first(LeasedBrowser browser) {
      SEEN.add(browser);
    }

    @Test
    void second(LeasedBrowser browser) {
      SEEN.add(browser);
    }
  }

  static final List<LeasedBrowser> FRESH = new ArrayList<>();

  @Escarp
  static class KeepsItsBrowser {
    @Test
    void keeps(LeasedBrowser browser) {
      FRESH.add(browser);
    }
  }

  @Escarp
  static class AsksForABrowser {
    @Test
    void asks(LeasedBrowser browser) {}
  }

  // --- the checks ---

  @Test
  void aFailingTest_stillGivesItsBrowserBackReset() throws Exception {
    TestExecutionSummary summary = run(FailsAfterMakingAMess.class, Map.of());

    assertEquals(1, summary.getTestsFailedCount());
    assertEquals("on purpose", summary.getFailures().get(0).getException().getMessage());
    try (ClaimedSlot slot = pool.tryClaim("checker").orElseThrow(() -> new AssertionError("the slot was not released"))) {
      assertEquals(0, slot.slot().index());
      assertEquals(List.of("about:blank"), pageUrls(), "tabs left after the failed test");
      assertEquals(0, cookies().size(), "cookies left after the failed test: " + cookies());
    }
  }

  @Test
  void aTestWaitsForABrowser_ratherThanFailing() throws Exception {
    Instant releasedAt;
    CompletableFuture<TestExecutionSummary> running;
    try (ClaimedSlot held = pool.tryClaim("someone else").orElseThrow()) {
      assertTrue(held.isOpen());
      running = CompletableFuture.supplyAsync(() -> run(NotesWhenItGotTheBrowser.class, Map.of()));
      await("the test waiting for the only browser").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
          .until(() -> !running.isDone());
      releasedAt = Instant.now();
    }
    TestExecutionSummary summary = running.get(60, TimeUnit.SECONDS);

    assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    assertTrue(HELD_AT.get().isAfter(releasedAt), "the test got the browser before it was released");
  }

  @Test
  void aBeforeAllParameter_leasesOneBrowserForTheWholeClass() {
    TestExecutionSummary summary = run(SharesOneBrowserAcrossTheClass.class, Map.of("escarp.claim-timeout", "5"));

    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    assertEquals(3, SEEN.size());
    assertSame(SEEN.get(0), SEEN.get(1));
    assertSame(SEEN.get(0), SEEN.get(2));
  }

  @Test
  void freshMode_launchesABrowserForTheTest_andStopsItAfterwards() {
    TestExecutionSummary summary = run(KeepsItsBrowser.class, Map.of(EscarpExtension.BROWSERS, "fresh"));

    assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    LeasedBrowser fresh = FRESH.get(0);
    assertTrue(fresh.slot().cdpPort() != scratch.slots().get(0).cdpPort(), "fresh mode must not use the pool's browser");
    assertTrue(fresh.slot().profileDir().toString().contains("escarp-fresh-"), fresh.slot().toString());
    EscarpHome freshHome = new EscarpHome(fresh.slot().profileDir().getParent().getParent().getParent());
    assertFalse(new SlotBrowsers(freshHome, Optional.empty()).isRunning(fresh.slot()),
        "the test's own browser should be stopped when the test ends");
  }

  @Test
  void aBadSetting_failsTheTest_namingTheSetting() {
    TestExecutionSummary summary = run(AsksForABrowser.class, Map.of("escarp.reset", "sparkling"));

    assertEquals(1, summary.getTestsFailedCount());
    String message = summary.getFailures().get(0).getException().getMessage();
    assertTrue(message.contains("escarp.reset must be clean or tabs, got 'sparkling'"), message);
  }

  @Test
  void noBrowserFreeInTime_failsTheTest_sayingWhoHoldsThem() throws Exception {
    try (ClaimedSlot held = pool.tryClaim("the other suite").orElseThrow()) {
      assertTrue(held.isOpen());
      TestExecutionSummary summary = run(AsksForABrowser.class, Map.of("escarp.claim-timeout", "0.2"));

      assertEquals(1, summary.getTestsFailedCount());
      String message = summary.getFailures().get(0).getException().getMessage();
      assertTrue(message.contains("came free within 0 s") && message.contains("(the other suite)"), message);
    }
  }

  @Test
  void anEmptyPool_failsTheTest_sayingWhereToSetItsSize() {
    // The build runs these tests with ESCARP_HOME=target/escarp-unit-home and ESCARP_POOL_SIZE=0.
    TestExecutionSummary summary = run(AsksForABrowser.class, Map.of(EscarpExtension.HOME, ""));

    assertEquals(1, summary.getTestsFailedCount());
    String message = summary.getFailures().get(0).getException().getMessage();
    assertTrue(message.contains("has no slots; set pool_size in "), message);
  }

  private static TestExecutionSummary run(Class<?> testClass, Map<String, String> settings) {
    Map<String, String> parameters = new HashMap<>(Map.of(EscarpExtension.HOME, scratch.home().root().toString()));
    parameters.putAll(settings);
    var request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .configurationParameters(parameters)
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static String failures(TestExecutionSummary summary) {
    StringBuilder text = new StringBuilder();
    summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName()).append(": ").append(f.getException()).append('\n'));
    return text.toString();
  }

  private static List<String> pageUrls() throws Exception {
    List<String> urls = new ArrayList<>();
    for (JsonNode target : browserCall("Target.getTargets").path("targetInfos")) {
      if ("page".equals(target.path("type").asText())) {
        urls.add(target.path("url").asText());
      }
    }
    return urls;
  }

  private static JsonNode cookies() throws Exception {
    return browserCall("Storage.getCookies").path("cookies");
  }

  private static JsonNode browserCall(String method) throws Exception {
    var url = scratch.browsers().find(scratch.slots().get(0)).orElseThrow().webSocketDebuggerUrl();
    try (CdpClient client = CdpClient.connect(url).get(10, TimeUnit.SECONDS)) {
      return client.send(method).get(10, TimeUnit.SECONDS);
    }
  }
}

package dev.escarp.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.junit.testing.JUnitPool;
import dev.escarp.junit.testing.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's contract with plain {@link LeasedBrowser} parameters, checked by running small
 * test classes through JUnit's launcher against a real one-slot pool in a temporary ESCARP_HOME.
 */
@Execution(ExecutionMode.SAME_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscarpExtensionTest {

  private static JUnitPool pool;
  /** Claims the slot from outside, as another test JVM would; resets nothing (the extension does). */
  private static EscarpPool other;

  @BeforeAll
  static void aOneSlotPoolWithNoBrowserYet() {
    pool = JUnitPool.create(1);
    other = EscarpPool.builder().home(pool.home()).environment(Map.of()).resetter(SlotResetter.none()).build();
  }

  @AfterAll
  static void endItsBrowsers() {
    pool.close();
  }

  // --- the classes run through the launcher (static nested: surefire does not run them itself) ---

  static final AtomicReference<LeasedBrowser> LEASED = new AtomicReference<>();

  @Escarp
  static class TakesABrowser {
    @Test
    void takes(LeasedBrowser browser) {
      LEASED.set(browser);
    }
  }

  @Escarp
  static class FailsAfterMakingAMess {
    @Test
    void fails(LeasedBrowser browser) throws Exception {
      try (var client = dev.escarp.cdp.client.CdpClient.connect(browser.cdpWsUrl()).get(10, TimeUnit.SECONDS)) {
        var params = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        params.putArray("cookies").addObject().put("name", "mess").put("value", "1").put("domain", "127.0.0.1").put("path", "/");
        client.send("Storage.setCookies", params).get(10, TimeUnit.SECONDS);
        client.send("Target.createTarget", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("url", "about:blank#second-tab")).get(10, TimeUnit.SECONDS);
      }
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

  @Escarp
  static class AsksForABrowser {
    @Test
    void asks(LeasedBrowser browser) {}
  }

  // --- the checks ---

  @Test
  @Order(1)
  void aSlotWithNoBrowser_getsOneLaunchedByTheTest_thatOutlivesTheTest() {
    assertEquals(Optional.empty(), pool.browserPid(0), "no browser before the first test");

    TestExecutionSummary summary = Run.of(TakesABrowser.class, pool, Map.of());

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    assertTrue(pool.browserPid(0).isPresent(), "the browser the test launched should stay for the next test");
  }

  @Test
  void leasedBrowser_namesTheSlotItsCdpUrlsAndDevPorts() {
    TestExecutionSummary summary = Run.of(TakesABrowser.class, pool, Map.of());

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    LeasedBrowser browser = LEASED.get();
    int port = pool.slots().get(0).cdpPort();
    assertEquals(0, browser.slot().index());
    assertEquals("http://127.0.0.1:" + port, browser.cdpHttpUrl().toString());
    assertTrue(browser.cdpWsUrl().toString().startsWith("ws://127.0.0.1:" + port + "/devtools/browser/"), browser.cdpWsUrl().toString());
    assertEquals("127.0.0.1:" + port, browser.debuggerAddress());
    assertEquals(3000, browser.devPorts().frontend());
  }

  @Test
  void aFailingTest_stillGivesItsBrowserBackReset() throws Exception {
    TestExecutionSummary summary = Run.of(FailsAfterMakingAMess.class, pool, Map.of());

    assertEquals(1, summary.getTestsFailedCount());
    assertEquals("on purpose", summary.getFailures().get(0).getException().getMessage());
    try (ClaimedSlot slot = other.tryClaim("checker").orElseThrow(() -> new AssertionError("the slot was not released"))) {
      assertEquals(0, slot.slot().index());
      assertEquals(List.of("about:blank"), pool.pageUrls(0), "tabs left after the failed test");
      assertEquals(0, pool.cookies(0).size(), "cookies left after the failed test: " + pool.cookies(0));
    }
  }

  @Test
  void aTestWaitsForABrowser_ratherThanFailing() throws Exception {
    Instant releasedAt;
    CompletableFuture<TestExecutionSummary> running;
    try (ClaimedSlot held = other.tryClaim("someone else").orElseThrow()) {
      assertTrue(held.isOpen());
      running = CompletableFuture.supplyAsync(() -> Run.of(NotesWhenItGotTheBrowser.class, pool, Map.of()));
      await("the test waiting for the only browser").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
          .until(() -> !running.isDone());
      releasedAt = Instant.now();
    }
    TestExecutionSummary summary = running.get(60, TimeUnit.SECONDS);

    assertEquals(1, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    assertTrue(HELD_AT.get().isAfter(releasedAt), "the test got the browser before it was released");
  }

  @Test
  void aBeforeAllParameter_leasesOneBrowserForTheWholeClass() {
    TestExecutionSummary summary = Run.of(SharesOneBrowserAcrossTheClass.class, pool, Map.of("escarp.claim-timeout", "5"));

    assertEquals(2, summary.getTestsSucceededCount(), () -> Run.failures(summary));
    assertEquals(3, SEEN.size());
    assertSame(SEEN.get(0), SEEN.get(1));
    assertSame(SEEN.get(0), SEEN.get(2));
  }

  @Test
  void aBadSetting_failsTheTest_namingTheSetting() {
    TestExecutionSummary summary = Run.of(AsksForABrowser.class, pool, Map.of("escarp.reset", "sparkling"));

    assertEquals(1, summary.getTestsFailedCount());
    String message = summary.getFailures().get(0).getException().getMessage();
    assertTrue(message.contains("escarp.reset must be clean or tabs, got 'sparkling'"), message);
  }

  @Test
  void noBrowserFreeInTime_failsTheTest_sayingWhoHoldsThem() throws Exception {
    try (ClaimedSlot held = other.tryClaim("the other suite").orElseThrow()) {
      assertTrue(held.isOpen());
      TestExecutionSummary summary = Run.of(AsksForABrowser.class, pool, Map.of("escarp.claim-timeout", "0.2"));

      assertEquals(1, summary.getTestsFailedCount());
      String message = summary.getFailures().get(0).getException().getMessage();
      assertTrue(message.contains("came free within 0 s") && message.contains("(the other suite)"), message);
    }
  }

  @Test
  void anEmptyPool_failsTheTest_sayingWhereToSetItsSize() {
    // The build runs these tests with ESCARP_HOME=target/escarp-unit-home and ESCARP_POOL_SIZE=0.
    TestExecutionSummary summary = Run.of(AsksForABrowser.class, pool, Map.of(EscarpExtension.HOME, ""));

    assertEquals(1, summary.getTestsFailedCount());
    String message = summary.getFailures().get(0).getException().getMessage();
    assertTrue(message.contains("has no slots; set pool_size in "), message);
    assertNotEquals(null, message);
  }
}

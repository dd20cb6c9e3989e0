package dev.escarp.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.junit.Escarp;
import dev.escarp.junit.LeasedBrowser;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * escarp-junit on a pool escarp's daemon is serving: the extension claims slots through the same
 * flocks the daemon holds for its leases, so a test never gets an agent's browser, and the daemon
 * shows the test's slot as held by another process.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ExtensionBesideADaemonTest {

  @TempDir static Path home;
  private static TestDaemon daemon;

  @BeforeAll
  static void aDaemonOverTwoSlots() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of()).start();
  }

  @AfterAll
  static void stopIt() {
    daemon.close();
  }

  static final AtomicReference<Integer> SLOT = new AtomicReference<>();
  static final AtomicReference<JsonNode> STATUS_DURING_THE_TEST = new AtomicReference<>();

  @Escarp
  static class TakesABrowser {
    @Test
    void takes(LeasedBrowser browser) {
      SLOT.set(browser.slot().index());
      STATUS_DURING_THE_TEST.set(daemon.api().get("/status").json());
    }
  }

  @Test
  void aSlotLeasedThroughTheDaemon_isNeverHandedToATest_andTheDaemonSeesTheTestsSlotAsExternal() {
    Reply lease = daemon.api().post("/acquire", "{\"holder\": \"an agent\", \"slot\": 0}");
    assertEquals(200, lease.status(), lease::toString);

    TestExecutionSummary summary = run(TakesABrowser.class);

    assertEquals(1, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
    assertEquals(1, SLOT.get(), "the test must get the slot the agent does not hold");
    JsonNode testsSlot = STATUS_DURING_THE_TEST.get().path("slots").get(1);
    assertNotNull(testsSlot);
    assertEquals("external", testsSlot.path("state").asText(), testsSlot::toString);
    String token = lease.json().path("lease_token").asText();
    assertEquals(200, daemon.api().post("/release", "{\"lease_token\": \"" + token + "\"}").status());
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    var request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .configurationParameter("escarp.home", daemon.pool().home().root().toString())
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }
}

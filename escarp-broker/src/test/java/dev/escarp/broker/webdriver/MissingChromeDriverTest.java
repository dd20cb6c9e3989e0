package dev.escarp.broker.webdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without chromedriver, a WebDriver acquire is refused with a clear 409, and no lease is taken. */
class MissingChromeDriverTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1,
      Map.of("ESCARP_CHROMEDRIVER", "/nonexistent/escarp-test/chromedriver"));

  @Test
  void aWebDriverAcquireWithoutChromedriverIs409WebdriverUnavailableNamingHowToInstallIt() {
    Reply reply = daemon.api().post("/acquire", "{\"holder\": \"selenium\", \"webdriver\": true}");
    assertEquals(409, reply.status(), reply.toString());
    assertEquals("webdriver_unavailable", reply.error());
    String message = reply.json().get("message").asText();
    assertTrue(message.contains("apt-get install chromium-driver") && message.contains("ESCARP_CHROMEDRIVER"), message);
    assertEquals("free", daemon.api().get("/status").json().get("slots").get(0).get("state").asText(),
        "no lease was taken");
  }

  @Test
  void anAcquireWithoutWebDriverIsServedAsBefore() {
    Reply reply = daemon.api().post("/acquire", "{\"holder\": \"plain\"}");
    assertEquals(200, reply.status(), reply.toString());
    daemon.api().post("/release", "{\"lease_token\": \"" + reply.json().get("lease_token").asText() + "\"}");
  }
}

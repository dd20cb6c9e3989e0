package dev.escarp.broker.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ESCARP_CDP_ENDPOINT=direct: escarp 1.x's records, the browser's own URL for everyone. */
class DirectEndpointTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_CDP_ENDPOINT", "direct"));

  @Test
  void leasesAndStatusNameTheBrowsersOwnEndpoint() {
    ApiClient api = daemon.api();
    JsonNode lease = RelayRevocationTest.acquire(api, "direct");
    int port = lease.get("cdp_port").asInt();
    String own = daemon.daemon().pool().probe().probe(port) instanceof dev.escarp.cdp.discovery.ProbeResult.Found f
        ? f.browser().webSocketDebuggerUrl().toString() : "not answering";
    assertEquals(own, lease.get("cdp_ws_url").asText());
    assertEquals("http://127.0.0.1:" + port, lease.get("cdp_http_url").asText());
    assertEquals(own, api.get("/status").json().get("slots").get(0).get("cdp_ws_url").asText());
    assertEquals(404, api.get("/cdp/anything/json/version").status());
    api.post("/release", RelayRevocationTest.token(lease));
  }
}

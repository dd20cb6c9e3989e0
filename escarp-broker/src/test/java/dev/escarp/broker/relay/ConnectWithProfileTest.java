package dev.escarp.broker.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.SitePerClass;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /connect/<holder>?profile=NAME}: an agent's browser tool configured once with a connect
 * URL starts logged in, as {@code POST /acquire {"profile"}} does, and the profile is held by that
 * lease only until it ends.
 */
class ConnectWithProfileTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1,
      Map.of("ESCARP_CONNECT_GRACE_S", "0.5"));
  @RegisterExtension static final SitePerClass login = new SitePerClass();

  @Test
  void aConnectUrlWithAProfile_startsTheLeaseLoggedIn_andGivesTheProfileBackWhenItEnds() {
    ApiClient api = daemon.api();
    assertEquals(200, api.put("/profiles/site", "{\"cookies\": [], \"origins\": []}").status());
    JsonNode first = ok(api.post("/acquire", "{\"holder\": \"login\", \"profile\": \"site\"}"));
    login.visitor().logIn(first.path("cdp_ws_url").asText(), login.site(), "alice");
    ok(api.post("/release", "{\"lease_token\": \"" + first.path("lease_token").asText() + "\", \"save_profile\": true}"));
    awaitNoLease(api);

    Reply version = api.get("/connect/agent/json/version?profile=site");

    assertEquals(200, version.status(), version.toString());
    JsonNode slot = api.get("/status").json().path("slots").get(0);
    assertEquals("agent", slot.path("holder").asText());
    assertEquals("delegated", slot.path("tier").asText());
    assertEquals("site", slot.path("profile").asText());
    assertEquals("logged in as alice|tok-alice",
        login.visitor().firstLoad(version.json().path("webSocketDebuggerUrl").asText(), login.site()));
    awaitNoLease(api);
    assertEquals(false, api.get("/profiles").json().path("profiles").get(0).path("in_use").asBoolean(),
        "the profile is free again once the connect lease ended");
    Reply unknown = api.get("/connect/other/json/version?profile=nobody");
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("unknown_profile", unknown.error());
  }

  private static JsonNode ok(Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static void awaitNoLease(ApiClient api) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
  }
}

package dev.escarp.broker.profiles;

import static dev.escarp.broker.profiles.ProfileLoginTest.awaitFree;
import static dev.escarp.broker.profiles.ProfileLoginTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slot the daemon wiped is loaded without a second wipe, but a cookie that appeared there since
 * (a claimant outside this daemon, straight on the browser's port) is still caught: the check
 * runs alongside the load, and the slot is then wiped and loaded again. One slot.
 */
class ProfileCleanCheckTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);

  @Test
  void aCookieSetBehindTheDaemonsBack_inASlotKnownClean_isWipedBeforeTheProfileLeaseIsAnswered() throws Exception {
    ApiClient api = daemon.api();
    ok(api.put("/profiles/checked", "{\"cookies\": [{\"name\": \"mine\", \"value\": \"m\", \"domain\": \"a.localhost\","
        + " \"path\": \"/\", \"expires\": -1, \"httpOnly\": false, \"secure\": false, \"sameSite\": \"Lax\"}],"
        + " \"origins\": [{\"origin\": \"http://a.localhost:9\", \"localStorage\": [{\"name\": \"k\", \"value\": \"v\"}]}]}"));
    // A profile lease's end wipes the slot: the daemon knows it clean.
    JsonNode first = ok(api.post("/acquire", "{\"holder\": \"first\", \"profile\": \"checked\"}"));
    int cdpPort = first.path("cdp_port").asInt();
    ok(api.post("/release", "{\"lease_token\": \"" + first.path("lease_token").asText() + "\"}"));
    awaitFree(api);

    try (CdpSocket outsider = CdpSocket.open(browserUrl(cdpPort))) {
      outsider.send("Storage.setCookies", CdpSocket.params().set("cookies", CdpSocket.params().arrayNode()
          .add(CdpSocket.params().put("name", "outsider").put("value", "o").put("domain", "b.localhost")
              .put("path", "/"))));
    }

    JsonNode second = ok(api.post("/acquire", "{\"holder\": \"second\", \"profile\": \"checked\"}"));
    try (CdpSocket holder = CdpSocket.open(second.path("cdp_ws_url").asText())) {
      List<String> names = new ArrayList<>();
      holder.send("Storage.getCookies").path("cookies").forEach(c -> names.add(c.path("name").asText()));
      assertEquals(List.of("mine"), names, "the holder finds the profile's cookies and nothing else");
    } finally {
      ok(api.post("/release", "{\"lease_token\": \"" + second.path("lease_token").asText() + "\"}"));
    }
  }

  private static String browserUrl(int cdpPort) throws Exception {
    String version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + cdpPort + "/json/version")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(version).path("webSocketDebuggerUrl").asText();
  }
}

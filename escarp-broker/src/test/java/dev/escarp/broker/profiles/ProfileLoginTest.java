package dev.escarp.broker.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.SitePerClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log in once through a site, save the lease's logins into an auth profile, and start later leases
 * logged in; a lease without the profile, and the slot after it, hold none of it. One slot, so
 * every lease is on the same browser.
 */
class ProfileLoginTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);
  @RegisterExtension static final SitePerClass login = new SitePerClass();

  @Test
  void loginOnce_savedFromTheLease_startsTheNextProfileLeaseLoggedIn_andNoOtherLease() {
    ApiClient api = daemon.api();
    assertEquals(200, api.put("/profiles/site", "{\"cookies\": [], \"origins\": []}").status());

    JsonNode first = ok(api.post("/acquire", "{\"holder\": \"login\", \"profile\": \"site\"}"));
    assertEquals("delegated", first.path("tier").asText());
    assertEquals("site", first.path("profile").asText());
    assertEquals("clean", first.path("reset_policy").asText());
    login.visitor().logIn(first.path("cdp_ws_url").asText(), login.site(), "alice");
    assertEquals("logged in as alice|tok-alice", login.visitor().firstLoad(first.path("cdp_ws_url").asText(), login.site()));
    ok(api.post("/release", "{\"lease_token\": \"" + first.path("lease_token").asText() + "\", \"save_profile\": true}"));

    Reply listed = api.get("/profiles");
    JsonNode row = listed.json().path("profiles").get(0);
    assertEquals("site", row.path("name").asText());
    assertEquals(1, row.path("cookies").asInt());
    assertEquals(login.site().origin(), row.path("origins").get(0).asText());
    login.site().sessionValues().forEach(v -> assertFalse(listed.body().contains(v), "/profiles shows no cookie value"));

    awaitFree(api);
    JsonNode anonymous = ok(api.post("/acquire", "{\"holder\": \"anon\"}"));
    assertEquals("autonomous", anonymous.path("tier").asText());
    assertEquals("anonymous|none", login.visitor().firstLoad(anonymous.path("cdp_ws_url").asText(), login.site()),
        "the slot the profile lease left holds none of its logins");
    ok(api.post("/release", "{\"lease_token\": \"" + anonymous.path("lease_token").asText() + "\"}"));

    awaitFree(api);
    JsonNode again = ok(api.post("/acquire", "{\"holder\": \"again\", \"profile\": \"site\"}"));
    assertEquals("logged in as alice|tok-alice", login.visitor().firstLoad(again.path("cdp_ws_url").asText(), login.site()));
    Reply status = api.get("/status");
    login.site().sessionValues().forEach(v -> assertFalse(status.body().contains(v), "/status shows no cookie value"));
    ok(api.post("/release", "{\"lease_token\": \"" + again.path("lease_token").asText() + "\"}"));

    awaitFree(api);
    JsonNode after = ok(api.post("/acquire", "{\"holder\": \"after\"}"));
    assertEquals("anonymous|none", login.visitor().firstLoad(after.path("cdp_ws_url").asText(), login.site()));
    ok(api.post("/release", "{\"lease_token\": \"" + after.path("lease_token").asText() + "\"}"));
  }

  static JsonNode ok(Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  static void awaitFree(ApiClient api) {
    api.awaitAllFree(Duration.ofSeconds(20));
  }

}

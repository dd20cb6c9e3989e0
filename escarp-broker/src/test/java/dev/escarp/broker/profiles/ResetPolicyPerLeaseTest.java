package dev.escarp.broker.profiles;

import static dev.escarp.broker.profiles.ProfileLoginTest.awaitFree;
import static dev.escarp.broker.profiles.ProfileLoginTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.SitePerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What crosses a lease boundary is what the lease record says: under the pool's default {@code
 * tabs} the next holder is still logged in; a lease that asked for {@code clean} leaves nothing.
 */
class ResetPolicyPerLeaseTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);
  @RegisterExtension static final SitePerClass login = new SitePerClass();

  @Test
  void tabsLease_leavesItsCookiesToTheNextHolder_cleanLease_leavesNothing_andEachRecordSaysWhich() {
    ApiClient api = daemon.api();
    JsonNode tabs = ok(api.post("/acquire", "{\"holder\": \"a\"}"));
    assertEquals("tabs", tabs.path("reset_policy").asText());
    assertEquals("autonomous", tabs.path("tier").asText());
    assertEquals("tabs", api.get("/status").json().path("slots").get(0).path("reset_policy").asText());
    login.visitor().logIn(tabs.path("cdp_ws_url").asText(), login.site(), "bob");
    release(api, tabs);

    JsonNode next = ok(api.post("/acquire", "{\"holder\": \"b\", \"reset_policy\": \"clean\"}"));
    assertEquals("clean", next.path("reset_policy").asText());
    assertEquals("logged in as bob|tok-bob", login.visitor().firstLoad(next.path("cdp_ws_url").asText(), login.site()),
        "under tabs the next holder sees the previous holder's cookies and storage");
    release(api, next);

    JsonNode afterClean = ok(api.post("/acquire", "{\"holder\": \"c\"}"));
    assertEquals("anonymous|none", login.visitor().firstLoad(afterClean.path("cdp_ws_url").asText(), login.site()),
        "a clean lease leaves no cookies or storage");
    release(api, afterClean);
  }

  @Test
  void acquire_refusesAnUnknownResetPolicy_andASupervisedTierWithoutAProfile_withA400() {
    ApiClient api = daemon.api();
    var bad = api.post("/acquire", "{\"holder\": \"x\", \"reset_policy\": \"none\"}");
    assertEquals(400, bad.status());
    assertEquals("bad_field", bad.error());
    var supervised = api.post("/acquire", "{\"holder\": \"x\", \"tier\": \"supervised\"}");
    assertEquals(400, supervised.status());
    assertEquals("bad_field", supervised.error(), "a supervised lease needs a profile");
    var tabsProfile = api.post("/acquire", "{\"holder\": \"x\", \"profile\": \"p\", \"reset_policy\": \"tabs\"}");
    assertEquals(400, tabsProfile.status(), "a delegated lease is always wiped");
  }

  private static void release(ApiClient api, JsonNode lease) {
    ok(api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}"));
    awaitFree(api);
  }
}

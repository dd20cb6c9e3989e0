package dev.escarp.broker.approval;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.SitePerClass;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Supervised leases: held for a human's approval before the agent gets them, refused with 403 on
 * rejection or silence, and their profile saved back at the end. One slot, so every lease of the
 * class is on the same browser.
 */
class SupervisedLeaseTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);
  @RegisterExtension static final SitePerClass login = new SitePerClass();

  @BeforeAll
  static void profiles() {
    for (String name : new String[] {"watched", "other"}) {
      assertEquals(200, daemon.api().put("/profiles/" + name, "{\"cookies\": [], \"origins\": []}").status());
    }
  }

  @Test
  void aSupervisedAcquire_waitsForApproval_andACookieSetDuringItIsInTheNextSupervisedLeaseOnly() throws Exception {
    ApiClient api = daemon.api();
    CompletableFuture<Reply> waiting = acquireSupervised("agent", 60);
    JsonNode pending = awaitPending();
    String leaseId = pending.path("lease_id").asText();
    assertEquals("supervised", pending.path("tier").asText());
    assertEquals("watched", pending.path("profile").asText());
    assertFalse(waiting.isDone(), "answered before a human approved: " + (waiting.isDone() ? waiting.get() : ""));

    Reply approved = api.post("/approve", "{\"lease_id\": \"" + leaseId + "\"}");
    assertEquals(200, approved.status(), approved.toString());
    assertTrue(approved.json().path("approval").isNull(), approved.body());
    JsonNode lease = ok(waiting.get(30, TimeUnit.SECONDS));
    assertEquals(leaseId, lease.path("lease_id").asText());
    assertTrue(lease.path("approval").isNull());
    assertFalse(lease.path("lease_token").asText().isEmpty());
    login.visitor().logIn(lease.path("cdp_ws_url").asText(), login.site(), "alice");
    release(lease); // no save_profile: a supervised lease is saved back at its end anyway

    JsonNode autonomous = ok(api.post("/acquire", "{\"holder\": \"anon\"}"));
    assertEquals("anonymous|none", login.visitor().firstLoad(autonomous.path("cdp_ws_url").asText(), login.site()),
        "an autonomous lease on the same slot holds none of the supervised lease's logins");
    release(autonomous);

    JsonNode otherProfile = ok(api.post("/acquire", "{\"holder\": \"other\", \"profile\": \"other\"}"));
    assertEquals("anonymous|none", login.visitor().firstLoad(otherProfile.path("cdp_ws_url").asText(), login.site()),
        "a lease of another profile holds none of them either");
    release(otherProfile);

    CompletableFuture<Reply> next = acquireSupervised("agent-again", 60);
    assertEquals(200, api.post("/approve", "{\"lease_id\": \"" + awaitPending().path("lease_id").asText() + "\"}")
        .status());
    JsonNode again = ok(next.get(30, TimeUnit.SECONDS));
    assertEquals("logged in as alice|tok-alice", login.visitor().firstLoad(again.path("cdp_ws_url").asText(), login.site()),
        "the next supervised lease of the profile starts with the login made during the first");
    release(again);
  }

  @Test
  void aRejectedSupervisedAcquire_gets403NotApproved_andItsSlotIsFreedAndWiped() throws Exception {
    CompletableFuture<Reply> waiting = acquireSupervised("rejected", 60);
    String leaseId = awaitPending().path("lease_id").asText();
    Reply rejected = daemon.api().post("/reject", "{\"lease_id\": \"" + leaseId + "\"}");
    assertEquals(200, rejected.status(), rejected.toString());

    Reply refused = waiting.get(30, TimeUnit.SECONDS);
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("not_approved", refused.error());
    assertFalse(refused.body().contains("lease_token"), refused.body());
    awaitFree();
    assertEquals(404, daemon.api().post("/approve", "{\"lease_id\": \"" + leaseId + "\"}").status(),
        "a decided lease is no longer pending");
  }

  @Test
  void aSupervisedAcquireNobodyApprovesWithinWaitS_gets403NotApproved_andFreesTheSlot() throws Exception {
    Reply refused = acquireSupervised("ignored", 1).get(30, TimeUnit.SECONDS);
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("not_approved", refused.error());
    assertTrue(refused.json().path("message").asText().contains("wait_s"), refused.body());
    awaitFree();
  }

  @Test
  void approveAndReject_ofAnUnknownLeaseId_are404UnknownLease_andNeedALeaseId() {
    for (String route : new String[] {"/approve", "/reject"}) {
      Reply unknown = daemon.api().post(route, "{\"lease_id\": \"0123456789abcdef0123456789abcdef\"}");
      assertEquals(404, unknown.status(), unknown.toString());
      assertEquals("unknown_lease", unknown.error());
      Reply missing = daemon.api().post(route, "{}");
      assertEquals(400, missing.status(), missing.toString());
      assertEquals("bad_field", missing.error());
    }
  }

  private static CompletableFuture<Reply> acquireSupervised(String holder, int waitSeconds) {
    return CompletableFuture.supplyAsync(() -> daemon.api().post("/acquire", "{\"holder\": \"" + holder + "\","
        + " \"tier\": \"supervised\", \"profile\": \"watched\", \"wait_s\": " + waitSeconds + "}"));
  }

  /** The public record of the lease waiting for approval: no token, no endpoint. */
  private static JsonNode awaitPending() {
    JsonNode slot = await("a lease pending approval").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> daemon.api().get("/status").json().path("slots").get(0),
            s -> s.path("approval").asText().equals("pending"));
    assertEquals("leased", slot.path("state").asText());
    assertFalse(slot.has("lease_token"));
    assertTrue(slot.path("cdp_ws_url").isNull(), "the pending lease's endpoint is not public: " + slot);
    return slot;
  }

  private static void release(JsonNode lease) {
    ok(daemon.api().post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}"));
    awaitFree();
  }

  private static void awaitFree() {
    await("the slot free").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> daemon.api().get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
  }

  private static JsonNode ok(Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }
}

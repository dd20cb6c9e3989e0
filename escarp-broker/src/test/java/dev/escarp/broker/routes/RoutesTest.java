package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.cdp.launch.LoopbackPorts;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every route of the wire contract, its success and its errors, against a real daemon and Chromium. */
class RoutesTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2);

  @AfterEach
  void releaseEverything() throws Exception {
    for (JsonNode slot : daemon.api().get("/status").json().get("slots")) {
      if (slot.get("state").asText().equals("leased")) {
        throw new AssertionError("a test left slot " + slot.get("slot") + " leased");
      }
    }
    awaitAllFree();
  }

  private static JsonNode acquire(String body) {
    Reply reply = daemon.api().post("/acquire", body);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static void release(JsonNode lease) {
    Reply reply = daemon.api().post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
    assertEquals(200, reply.status(), reply.toString());
  }

  private static void awaitAllFree() {
    await("every slot free again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          Reply status = daemon.api().get("/status");
          for (JsonNode slot : status.json().get("slots")) {
            assertEquals("free", slot.get("state").asText(), status.body());
          }
        });
  }

  @Test
  void status_listsEverySlotWithItsPublicRecord() {
    Reply reply = daemon.api().get("/status");

    assertEquals(200, reply.status());
    assertTrue(reply.contentType().startsWith("application/json"));
    JsonNode status = reply.json();
    assertEquals(2, status.get("pool_size").asInt());
    assertEquals(60.0, status.get("lease_ttl_s").asDouble());
    assertTrue(status.has("reaper_interval_s"));
    JsonNode slot = status.get("slots").get(1);
    assertEquals(1, slot.get("slot").asInt());
    assertEquals(daemon.daemon().pool().slot(1).cdpPort(), slot.get("cdp_port").asInt());
    assertTrue(slot.get("cdp_ws_url").isNull(), "a public record names no endpoint: leases get their own");
    assertTrue(slot.get("pid").asLong() > 0, "the browser's pid is found in the process table");
    assertEquals("autonomous", slot.get("tier").asText());
    assertEquals("free", slot.get("state").asText());
    for (String field : new String[] {"holder", "dev_port", "acquired_at", "expires_at", "last_heartbeat",
        "os_window_id", "owner_pid", "bounds", "cdp_window_id", "cdp_target_id", "calibration_note",
        "cua_app_bundle_id", "cua_app_path", "cua_app_name"}) {
      assertTrue(slot.get(field).isNull(), field + " should be null on a free slot");
    }
    assertFalse(slot.get("suspected_stale").asBoolean());
    assertEquals(0.0, slot.get("available_after_s").asDouble());
    assertEquals(0.0, slot.get("retry_after_s").asDouble());
    assertEquals(3010, slot.get("dev_ports").get("frontend").asInt());
  }

  @Test
  void acquire_heartbeat_release_roundTrip() throws Exception {
    JsonNode lease = acquire("{\"holder\": \"agent-1\", \"dev_port\": 3000}");
    String token = lease.get("lease_token").asText();

    assertEquals(0, lease.get("slot").asInt());
    assertEquals("leased", lease.get("state").asText());
    assertEquals("agent-1", lease.get("holder").asText());
    assertEquals(3000, lease.get("dev_port").asInt());
    assertTrue(lease.get("cdp_ws_url").asText().startsWith("ws://"));
    assertTrue(token.length() >= 22);
    assertTrue(lease.get("expires_at").asDouble() > lease.get("acquired_at").asDouble());

    JsonNode status = daemon.api().get("/status").json().get("slots").get(0);
    assertEquals("leased", status.get("state").asText());
    assertEquals("agent-1", status.get("holder").asText());
    assertFalse(daemon.api().get("/status").body().contains(token), "/status never shows a token");

    Thread.sleep(20); // not a wait for a condition: the clock moves on, so the renewed expiry is later
    Reply beat = daemon.api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, beat.status(), beat.toString());
    assertEquals(token, beat.json().get("lease_token").asText());
    assertTrue(beat.json().get("expires_at").asDouble() > lease.get("expires_at").asDouble());
    assertTrue(beat.body().matches(".*\"expires_at\":\\d{10}\\.\\d{3}[,}].*"),
        "epoch seconds print as escarp 1.x printed them, not in exponent form: " + beat.body());

    Reply released = daemon.api().post("/release", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, released.status(), released.toString());
    assertEquals(0, released.json().get("slot").asInt());
    assertFalse(released.body().contains(token));
    assertEquals("unknown_lease", daemon.api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}").error());
  }

  @Test
  void acquire_namedSlot_andItsErrors() {
    JsonNode lease = acquire("{\"holder\": \"a\", \"slot\": 1}");
    assertEquals(1, lease.get("slot").asInt());

    Reply taken = daemon.api().post("/acquire", "{\"holder\": \"b\", \"slot\": 1}");
    assertEquals(409, taken.status());
    assertEquals("slot_leased", taken.error());
    assertFalse(taken.body().contains(lease.get("lease_token").asText()), "never leak another holder's token");

    Reply unknown = daemon.api().post("/acquire", "{\"holder\": \"b\", \"slot\": 7}");
    assertEquals(404, unknown.status());
    assertEquals("unknown_slot", unknown.error());
    release(lease);
  }

  @Test
  void acquire_onAFullPool_is409WithASnapshot() {
    JsonNode a = acquire("{\"holder\": \"a\"}");
    JsonNode b = acquire("{\"holder\": \"b\"}");

    Reply full = daemon.api().post("/acquire", "{\"holder\": \"c\"}");

    assertEquals(409, full.status());
    assertEquals("pool_exhausted", full.error());
    assertEquals(2, full.json().get("snapshot").size());
    // about the 60 s TTL: a loaded machine may take seconds between the acquire and the snapshot
    try {
      assertTrue(full.json().get("snapshot").get(0).get("retry_after_s").asDouble() > 45, full.body());
      assertFalse(full.body().contains(a.get("lease_token").asText()));
    } finally {
      release(a); // a failure here must not leave the pool full for every later test
      release(b);
    }
  }

  @Test
  void acquire_withWait_isServedWhenASlotFrees() throws Exception {
    JsonNode a = acquire("{\"holder\": \"a\"}");
    JsonNode b = acquire("{\"holder\": \"b\"}");
    var waiting = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> daemon.api().post("/acquire", "{\"holder\": \"patient\", \"wait_s\": 20}"));
    await("the acquire waits while the pool is full").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());

    release(b);

    Reply got = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, got.status(), got.toString());
    assertEquals(1, got.json().get("slot").asInt());
    release(a);
    release(got.json());
  }

  @Test
  void acquire_refusesBadInput_withTheContractsErrorNames() {
    assertEquals("missing_holder", daemon.api().post("/acquire", "{}").error());
    assertEquals("missing_holder", daemon.api().post("/acquire", "{\"holder\": \"\"}").error());
    assertEquals("missing_holder", daemon.api().post("/acquire", "{\"holder\": 42}").error());
    assertEquals("bad_json", daemon.api().post("/acquire", "[\"holder\"]").error());
    assertEquals("bad_json", daemon.api().post("/acquire", "{\"holder\": ").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"slot\": \"0\"}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"slot\": -1}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"slot\": 1.5}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"slot\": true}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"slot\": 99999999999}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"dev_port\": 0}").error());
    assertEquals("bad_field", daemon.api().post("/acquire", "{\"holder\": \"a\", \"wait_s\": -1}").error());
    assertEquals(400, daemon.api().post("/acquire", "{\"holder\": \"a\", \"wait_s\": \"soon\"}").status());
  }

  @Test
  void tokenRoutes_refuseMissingAndUnknownTokens() {
    for (String route : new String[] {"/heartbeat", "/release", "/hold"}) {
      Reply missing = daemon.api().post(route, "{}");
      assertEquals(400, missing.status(), route);
      assertEquals("missing_lease_token", missing.error(), route);
      Reply unknown = daemon.api().post(route, "{\"lease_token\": \"secret-but-wrong\"}");
      assertEquals(404, unknown.status(), route);
      assertEquals("unknown_lease", unknown.error(), route);
      assertFalse(unknown.body().contains("secret-but-wrong"), "never echo a token");
    }
  }

  @Test
  void poolAdd_needsABrowser_andRefusesADuplicate() {
    assertEquals("slot_already_in_pool", daemon.api().post("/pool/add", "{\"slot\": 0}").error());
    assertEquals("missing_slot", daemon.api().post("/pool/add", "{}").error());
    assertEquals("missing_slot", daemon.api().post("/pool/add", "{\"slot\": \"2\"}").error());
    Reply noBrowser = daemon.api().post("/pool/add", "{\"slot\": 5}");
    assertEquals(409, noBrowser.status(), noBrowser.toString());
    assertEquals("no_browser_on_port", noBrowser.error());
  }

  @Test
  void poolRemove_refusesALeasedSlotUnlessForced_thenAddBringsItBack() {
    JsonNode lease = acquire("{\"holder\": \"a\", \"slot\": 1}");

    Reply refused = daemon.api().post("/pool/remove", "{\"slot\": 1}");
    assertEquals(409, refused.status());
    assertEquals("slot_leased", refused.error());
    assertEquals("bad_field", daemon.api().post("/pool/remove", "{\"slot\": 1, \"force\": \"yes\"}").error());
    assertEquals("unknown_slot", daemon.api().post("/pool/remove", "{\"slot\": 9}").error());

    Reply removed = daemon.api().post("/pool/remove", "{\"slot\": 1, \"force\": true}");
    assertEquals(200, removed.status(), removed.toString());
    assertTrue(removed.json().get("removed").asBoolean());
    assertEquals(1, daemon.api().get("/status").json().get("pool_size").asInt());
    assertEquals("unknown_lease", daemon.api().post("/heartbeat",
        "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}").error());

    Reply added = daemon.api().post("/pool/add", "{\"slot\": 1}");
    assertEquals(200, added.status(), added.toString());
    assertEquals(1, added.json().get("slot").asInt());
    assertEquals(2, daemon.api().get("/status").json().get("pool_size").asInt());
  }

  @Test
  void reaped_isAnEmptyListUntilSomethingExpires() {
    JsonNode reaped = daemon.api().get("/reaped").json();
    assertTrue(reaped.get("reaped").isArray());
    assertEquals(0, reaped.get("reaped").size(), "nothing expires under this suite's 60 s TTL: " + reaped);
  }

  @Test
  void healthz_andMetrics_answer() {
    assertTrue(daemon.api().get("/healthz").json().get("ok").asBoolean());
    acquire("{\"holder\": \"m\", \"slot\": 0}");
    daemon.api().post("/acquire", "{\"holder\": \"m2\", \"slot\": 0}");

    Reply metrics = daemon.api().get("/metrics");

    assertEquals(200, metrics.status());
    assertTrue(metrics.contentType().startsWith("text/plain"));
    assertTrue(metrics.body().contains("escarp_leases 1"), metrics.body());
    assertTrue(metrics.body().contains("escarp_acquires_total{outcome=\"granted\"}"));
    assertTrue(metrics.body().contains("escarp_acquires_total{outcome=\"slot_leased\"}"));
    assertTrue(metrics.body().contains("escarp_waiters 0"));
    assertTrue(metrics.body().contains("escarp_resets_total{outcome=\"ok\"}"));
    assertTrue(metrics.body().contains("escarp_http_request_seconds_bucket{route=\"/acquire\""));
    // release the lease this test took
    for (JsonNode slot : daemon.api().get("/status").json().get("slots")) {
      if (slot.get("state").asText().equals("leased")) {
        daemon.api().post("/pool/remove", "{\"slot\": " + slot.get("slot").asInt() + ", \"force\": true}");
        daemon.api().post("/pool/add", "{\"slot\": " + slot.get("slot").asInt() + "}");
      }
    }
  }

  @Test
  void unknownRoutesAndWrongMethods_areJson404And405() {
    Reply notFound = daemon.api().get("/nope");
    assertEquals(404, notFound.status());
    assertEquals("not_found", notFound.error());
    Reply wrongMethod = daemon.api().get("/acquire");
    assertEquals(405, wrongMethod.status());
    assertEquals("method_not_allowed", wrongMethod.error());
  }

  @Test
  void forgeableRequests_areRefused() {
    String body = "{\"holder\":\"x\"}";
    Reply noType = daemon.api().raw("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertEquals(415, noType.status(), noType.toString());
    assertEquals("unsupported_media_type", noType.error());

    Reply foreignOrigin = daemon.api().raw("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertEquals(403, foreignOrigin.status());
    assertEquals("forbidden_origin", foreignOrigin.error());

    Reply rebinding = daemon.api().raw("GET /status HTTP/1.1\r\nHost: evil.example:" + daemon.api().port() + "\r\nConnection: close\r\n\r\n");
    assertEquals(403, rebinding.status());

    Reply localOrigin = daemon.api().raw("GET /status HTTP/1.1\r\nHost: localhost:" + daemon.api().port()
        + "\r\nOrigin: http://localhost:3000\r\nConnection: close\r\n\r\n");
    assertEquals(200, localOrigin.status());
  }

  @Test
  void oversizedBodies_get413Json() {
    String big = "{\"holder\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}";
    Reply reply = daemon.api().raw("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + big.length() + "\r\nConnection: close\r\n\r\n" + big);
    assertEquals(413, reply.status());
    assertEquals("payload_too_large", reply.error());
  }

  @Test
  void freePortsAreNotTheRealOnes() {
    // Guard: this suite never touches a real user's escarp.
    assertTrue(daemon.api().port() != 7878);
    assertTrue(daemon.daemon().pool().slot(0).cdpPort() != 9222);
    assertTrue(LoopbackPorts.freePort() > 0);
  }
}

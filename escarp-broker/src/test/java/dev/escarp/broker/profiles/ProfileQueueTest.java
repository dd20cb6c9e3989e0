package dev.escarp.broker.profiles;

import static dev.escarp.broker.profiles.ProfileLoginTest.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One lease per auth profile: a second acquire waits its turn with wait_s, or gets 409 without. */
class ProfileQueueTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(2);

  @Test
  void secondAcquireOfAHeldProfile_waitsUntilTheFirstIsReleased_orGets409WithoutWait() throws Exception {
    ApiClient api = daemon.api();
    assertEquals(200, api.put("/profiles/shared", "{\"cookies\": [{\"name\": \"sid\", \"value\": \"s3cr3t\","
        + " \"domain\": \"127.0.0.1\", \"path\": \"/\", \"expires\": -1, \"httpOnly\": true, \"secure\": false,"
        + " \"sameSite\": \"Lax\"}], \"origins\": []}").status());
    JsonNode first = ok(api.post("/acquire", "{\"holder\": \"one\", \"profile\": \"shared\"}"));

    Reply refused = api.post("/acquire", "{\"holder\": \"two\", \"profile\": \"shared\"}");
    assertEquals(409, refused.status());
    assertEquals("profile_in_use", refused.error());
    assertFalse(refused.body().contains("s3cr3t"));
    assertTrue(api.get("/profiles").json().path("profiles").get(0).path("in_use").asBoolean());

    CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
        () -> api.post("/acquire", "{\"holder\": \"three\", \"profile\": \"shared\", \"wait_s\": 30}"));
    // The free second slot is not enough: the waiter needs the profile, which the first lease holds.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/profiles").json().path("profiles").get(0).path("waiting").asInt() == 1);
    assertFalse(waiting.isDone(), "answered while the profile is held: " + (waiting.isDone() ? waiting.get() : ""));
    double releasedAt = System.currentTimeMillis() / 1000.0;
    ok(api.post("/release", "{\"lease_token\": \"" + first.path("lease_token").asText() + "\"}"));

    JsonNode third = ok(waiting.get(30, TimeUnit.SECONDS));
    assertEquals("shared", third.path("profile").asText());
    assertTrue(third.path("acquired_at").asDouble() >= releasedAt - 0.01,
        "granted after the release: " + third.path("acquired_at") + " vs " + releasedAt);
    ok(api.post("/release", "{\"lease_token\": \"" + third.path("lease_token").asText() + "\"}"));
  }

  @Test
  void acquireWithAnUnknownProfile_gets404() {
    Reply reply = daemon.api().post("/acquire", "{\"holder\": \"x\", \"profile\": \"nobody\"}");
    assertEquals(404, reply.status());
    assertEquals("unknown_profile", reply.error());
  }

  @Test
  void deletingAProfile_isRefusedWhileALeaseHoldsIt_andRemovesItAfter() {
    ApiClient api = daemon.api();
    assertEquals(200, api.put("/profiles/gone", "{\"cookies\": [], \"origins\": []}").status());
    JsonNode held = ok(api.post("/acquire", "{\"holder\": \"h\", \"profile\": \"gone\"}"));
    assertEquals("profile_in_use", api.delete("/profiles/gone").error());
    ok(api.post("/release", "{\"lease_token\": \"" + held.path("lease_token").asText() + "\"}"));

    Reply deleted = api.delete("/profiles/gone");
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals(404, api.get("/profiles/gone/state").status());
  }
}

package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lease churn through a real daemon over real browsers (issue 19, after issue 14): holders that
 * release and acquire again at once never get 409 while a slot is only resetting, and acquires that
 * wait are granted in the order they arrived, while the slots keep changing hands.
 */
@Timeout(120)
class AcquireUnderChurnTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2, java.util.Map.of("ESCARP_SELF_HEAL", "off"));

  private static final ExecutorService clients = Executors.newFixedThreadPool(8);

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  private static ApiClient api() {
    return daemon.api();
  }

  private static Reply acquire(String holder, double waitS) {
    return api().post("/acquire", "{\"holder\":\"" + holder + "\"" + (waitS > 0 ? ",\"wait_s\":" + waitS : "") + "}");
  }

  private static void heartbeatAndRelease(JsonNode lease) {
    String body = "{\"lease_token\":\"" + lease.get("lease_token").asText() + "\"}";
    assertEquals(200, api().post("/heartbeat", body).status());
    assertEquals(200, api().post("/release", body).status());
  }

  private static long metric(String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " (\\d+)").matcher(api().get("/metrics").body());
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The kept tab reloaded, or kept as it was (these holders never touch their page). */
  private static long cheapResets() {
    return metric("escarp_reset_paths_total{path=\"reused\"}") + metric("escarp_reset_paths_total{path=\"untouched\"}");
  }

  @Test
  void asManyClientsAsSlots_releasingAndAcquiringAtOnce_neverSee409_whileSlotsOnlyReset() {
    long cheapBefore = cheapResets();
    ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      String holder = "churner-" + c;
      loops.add(CompletableFuture.runAsync(() -> {
        for (int round = 0; round < 15; round++) {
          Reply got = acquire(holder, 0); // no wait_s: a resetting slot must still be waited for
          if (got.status() != 200) {
            refusals.add(got.toString());
            continue;
          }
          heartbeatAndRelease(got.json());
        }
      }, clients));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();

    assertEquals(List.of(), List.copyOf(refusals), "no acquire was refused while the other slot only reset");
    assertTrue(cheapResets() > cheapBefore, "the churn went through the cheap reset paths");
  }

  @Test
  void waitingAcquires_underChurn_areGrantedInArrivalOrder() {
    JsonNode first = acquire("holder-a", 0).json();
    JsonNode second = acquire("holder-b", 0).json();
    List<CompletableFuture<JsonNode>> waiters = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String holder = "waiter-" + i;
      waiters.add(CompletableFuture.supplyAsync(() -> {
        Reply got = acquire(holder, 60);
        assertEquals(200, got.status(), holder + ": " + got);
        JsonNode lease = got.json();
        heartbeatAndRelease(lease); // gives the slot straight back: the next waiters ride the churn
        return lease;
      }, clients));
      int queued = i + 1;
      await("waiter " + i + " queued").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
          .until(() -> metric("escarp_waiters") == queued);
    }

    heartbeatAndRelease(first);
    heartbeatAndRelease(second);

    List<Double> grantedAt = new ArrayList<>();
    for (CompletableFuture<JsonNode> w : waiters) {
      grantedAt.add(w.join().get("acquired_at").asDouble());
    }
    for (int i = 1; i < grantedAt.size(); i++) {
      assertTrue(grantedAt.get(i) >= grantedAt.get(i - 1),
          "waiter " + i + " was granted before waiter " + (i - 1) + ": " + grantedAt);
    }
  }
}

package dev.escarp.broker.clients;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.core.clients.ClientAccount;
import dev.escarp.core.clients.ClientsFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: client tokens from {@code clients.json}, per-client quotas (429 {@code quota_exceeded}
 * with {@code Retry-After}), a cap on waiters, priorities, and leases per client in {@code /status}.
 * One daemon over two real browsers; each test leaves the pool free.
 */
class ClientQuotasTest {

  private static final String OPERATOR = "operator-token";
  private static final String TOKEN_A = "token-of-a";
  private static final String TOKEN_B = "token-of-b";
  private static final String TOKEN_C = "token-of-c";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_API_TOKEN", OPERATOR, "ESCARP_CONNECT_GRACE_S", "0.5"));
    new ClientsFile(List.of(
        new ClientAccount("a", ClientAccount.sha256(TOKEN_A), OptionalInt.of(1), OptionalInt.of(1)),
        new ClientAccount("b", ClientAccount.sha256(TOKEN_B), OptionalInt.empty(), OptionalInt.of(1)),
        new ClientAccount("c", ClientAccount.sha256(TOKEN_C), OptionalInt.empty(), OptionalInt.empty())),
        OptionalInt.of(3)).write(daemon.pool().home().clientsFile());
    daemon.start();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** Nothing of a test outlives it: every lease it took goes back. */
  @AfterEach
  void releaseAll() throws Exception {
    leases.forEach(this::release);
    leases.clear();
    await().atMost(Duration.ofSeconds(15)).until(() -> countFree() == 2);
  }

  private final List<String> leases = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.api().port() + path))
        .timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HTTP.send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(String path, String token, String body) {
    return HTTP.sendAsync(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode status() throws Exception {
    return JSON.readTree(HTTP.send(request("/status", OPERATOR).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static long countFree() throws Exception {
    long free = 0;
    for (JsonNode slot : status().get("slots")) {
      free += slot.get("state").asText().equals("free") ? 1 : 0;
    }
    return free;
  }

  private static JsonNode clientRow(String name) throws Exception {
    for (JsonNode row : status().get("clients")) {
      if (row.get("name").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no client " + name + " in /status");
  }

  private JsonNode granted(HttpResponse<String> reply) throws Exception {
    assertEquals(200, reply.statusCode(), reply.body());
    JsonNode lease = JSON.readTree(reply.body());
    leases.add(lease.get("lease_token").asText());
    return lease;
  }

  private void release(String leaseToken) {
    try {
      post("/release", OPERATOR, "{\"lease_token\":\"" + leaseToken + "\"}");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aClientAtItsLeaseLimit_gets429WithRetryAfter_whileAnotherClientIsServed() throws Exception {
    JsonNode first = granted(post("/acquire", TOKEN_A, "{\"holder\":\"a-1\"}"));
    assertEquals("a", first.get("client").asText(), "the lease record names its client");

    HttpResponse<String> over = post("/acquire", TOKEN_A, "{\"holder\":\"a-2\",\"wait_s\":5}");

    assertEquals(429, over.statusCode(), over.body());
    JsonNode body = JSON.readTree(over.body());
    assertEquals("quota_exceeded", body.get("error").asText());
    assertEquals("leases", body.get("limit").asText());
    long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "until a's lease could end: " + retryAfter);
    assertEquals("b", granted(post("/acquire", TOKEN_B, "{\"holder\":\"b-1\"}")).get("client").asText());
    assertEquals(1, clientRow("a").get("leases").asInt(), "/status shows leases per client");
    assertEquals(1, clientRow("a").get("max_leases").asInt());
  }

  @Test
  void waitingRequestsOverTheClientsCap_areRefused_andThoseWithinItAreServed() throws Exception {
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-1\"}"));
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-2\"}"));
    CompletableFuture<HttpResponse<String>> waiting = postAsync("/acquire", TOKEN_B, "{\"holder\":\"b-w1\",\"wait_s\":20}");
    await().atMost(Duration.ofSeconds(5)).until(() -> clientRow("b").get("waiting").asInt() == 1);

    HttpResponse<String> second = post("/acquire", TOKEN_B, "{\"holder\":\"b-w2\",\"wait_s\":20}");

    assertEquals(429, second.statusCode(), second.body());
    assertEquals("waiting", JSON.readTree(second.body()).get("limit").asText());
    assertTrue(second.headers().firstValue("Retry-After").isPresent());
    release(leases.remove(0));
    assertEquals("b-w1", granted(waiting.get()).get("holder").asText());
  }

  @Test
  void waitersBeyondTheDaemonsCap_areRefused_whoeverSendsThem() throws Exception {
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-1\"}"));
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-2\"}"));
    List<CompletableFuture<HttpResponse<String>>> waiters = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiters.add(postAsync("/acquire", TOKEN_C, "{\"holder\":\"c-w" + i + "\",\"wait_s\":20}"));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> clientRow("c").get("waiting").asInt() == 3);

    HttpResponse<String> fourth = post("/acquire", OPERATOR, "{\"holder\":\"op\",\"wait_s\":20}");

    assertEquals(429, fourth.statusCode(), fourth.body());
    assertEquals("waiting_total", JSON.readTree(fourth.body()).get("limit").asText());
    release(leases.remove(0));
    release(leases.remove(0));
    // Served in the daemon's order, which need not be the order they were sent in: each is let go
    // as it is granted, so the last always gets a slot.
    List<CompletableFuture<HttpResponse<String>>> pending = new java.util.ArrayList<>(waiters);
    while (!pending.isEmpty()) {
      CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
      for (var it = pending.iterator(); it.hasNext(); ) {
        CompletableFuture<HttpResponse<String>> w = it.next();
        if (w.isDone()) {
          it.remove();
          String token = granted(w.get()).get("lease_token").asText();
          release(token);
          leases.remove(token);
        }
      }
    }
  }

  @Test
  void aWaitingAcquireOfHigherPriority_isServedFirst() throws Exception {
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-1\"}"));
    granted(post("/acquire", TOKEN_C, "{\"holder\":\"c-2\"}"));
    CompletableFuture<HttpResponse<String>> low = postAsync("/acquire", TOKEN_A, "{\"holder\":\"low\",\"wait_s\":20}");
    await().atMost(Duration.ofSeconds(5)).until(() -> clientRow("a").get("waiting").asInt() == 1);
    CompletableFuture<HttpResponse<String>> high = postAsync("/acquire", TOKEN_B,
        "{\"holder\":\"high\",\"wait_s\":20,\"priority\":10}");
    await().atMost(Duration.ofSeconds(5)).until(() -> clientRow("b").get("waiting").asInt() == 1);

    release(leases.remove(0));

    assertEquals("high", granted(high.get()).get("holder").asText());
    assertFalse(low.isDone(), "the earlier, lower-priority waiter waits on");
    release(leases.remove(0));
    assertEquals("low", granted(low.get()).get("holder").asText());
  }

  @Test
  void aConnectToLeaseLease_countsAgainstTheClientWhoseTokenOpenedIt() throws Exception {
    granted(post("/acquire", TOKEN_A, "{\"holder\":\"a-1\"}"));

    HttpResponse<String> over = HTTP.send(request("/connect/a-agent/json/version", TOKEN_A).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(429, over.statusCode(), over.body());
    assertEquals("quota_exceeded", JSON.readTree(over.body()).get("error").asText());
    HttpResponse<String> other = HTTP.send(request("/connect/c-agent/json/version", TOKEN_C).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, other.statusCode(), other.body());
    await().atMost(Duration.ofSeconds(5)).until(() -> clientRow("c").get("leases").asInt() == 1);
    for (JsonNode slot : status().get("slots")) {
      if (slot.path("holder").asText().equals("c-agent")) {
        assertEquals("c", slot.get("client").asText());
      }
    }
  }

  @Test
  void anUnknownToken_is401_andTheOperatorTokenIsBoundByNoClientQuota() throws Exception {
    HttpResponse<String> unknown = post("/acquire", "guess", "{\"holder\":\"x\"}");
    assertEquals(401, unknown.statusCode());
    assertEquals("unauthorized", JSON.readTree(unknown.body()).get("error").asText());
    assertEquals(401, post("/acquire", null, "{\"holder\":\"x\"}").statusCode());

    JsonNode lease = granted(post("/acquire", OPERATOR, "{\"holder\":\"op\"}"));
    assertTrue(lease.get("client").isNull(), "the operator's lease counts against no client");
  }

  @Test
  void aClientAddedWhileTheDaemonRuns_canCallItWithinSeconds() throws Exception {
    Path file = daemon.pool().home().clientsFile();
    ClientsFile before = ClientsFile.read(file).orElseThrow();
    String token = ClientsFile.newToken();
    try {
      before.with(new ClientAccount("late", ClientAccount.sha256(token), OptionalInt.of(1), OptionalInt.empty()))
          .write(file);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        HttpResponse<String> reply = post("/acquire", token, "{\"holder\":\"late-1\"}");
        if (reply.statusCode() == 200) {
          granted(reply);
        }
        return reply.statusCode() == 200;
      });
      assertEquals("late", clientRow("late").get("name").asText());
      assertEquals(1, clientRow("late").get("leases").asInt());
    } finally {
      before.write(file);
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> post("/acquire", token, "{\"holder\":\"late-2\"}").statusCode() == 401);
  }
}

package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link BrokerClient} over the JDK's HTTP client. Keep-alive connections are reused; a mutating
 * request is never retried (a retried acquire could lease twice). The bearer token, when
 * configured, goes on every request and never into a message.
 */
public final class HttpBrokerClient implements BrokerClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the daemon may take beyond a request's own wait before we call it unresponsive. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final URI base;
  private final Optional<String> apiToken;
  private final Duration timeout;
  private final HttpClient http;

  public HttpBrokerClient(URI base, Optional<String> apiToken, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Override
  public URI baseUri() {
    return base;
  }

  @Override
  public boolean isServing() {
    return send(get("/healthz", Duration.ofSeconds(2))).value()
        .map(reply -> reply.status() == 200 && reply.body().path("ok").asBoolean(false))
        .orElse(false);
  }

  @Override
  public BrokerResult<PoolStatus> status() {
    return expect200(get("/status", timeout)).map(PoolStatus::new);
  }

  @Override
  public BrokerResult<LeaseRecord> acquire(AcquireRequest request) {
    ObjectNode body = JSON.createObjectNode().put("holder", request.holder());
    request.slot().ifPresent(s -> body.put("slot", s));
    request.devPort().ifPresent(p -> body.put("dev_port", p));
    request.maxWait().ifPresent(w -> body.put("wait_s", w.toMillis() / 1000.0));
    Duration wait = request.maxWait().orElse(Duration.ZERO);
    return expect200(post("/acquire", body, timeout.plus(wait))).map(LeaseRecord::new);
  }

  @Override
  public BrokerResult<LeaseRecord> heartbeat(String leaseToken) {
    return expect200(post("/heartbeat", tokenBody(leaseToken), timeout)).map(LeaseRecord::new);
  }

  @Override
  public BrokerResult<SlotRecord> release(String leaseToken) {
    return expect200(post("/release", tokenBody(leaseToken), timeout)).map(SlotRecord::new);
  }

  @Override
  public BrokerResult<SlotRecord> poolAdd(int slot) {
    ObjectNode body = JSON.createObjectNode().put("slot", slot);
    return expect200(post("/pool/add", body, timeout)).map(SlotRecord::new);
  }

  @Override
  public BrokerResult<SlotRemoved> poolRemove(int slot, boolean force) {
    ObjectNode body = JSON.createObjectNode().put("slot", slot).put("force", force);
    return expect200(post("/pool/remove", body, timeout))
        .map(json -> new SlotRemoved(json.path("slot").asInt(slot)));
  }

  @Override
  public BrokerResult<LeaseHold> hold(String leaseToken) {
    try {
      return BrokerResult.ok(LeaseHold.open(base, apiToken, JSON.writeValueAsBytes(tokenBody(leaseToken))));
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>(unreachable(e));
    }
  }

  private static ObjectNode tokenBody(String leaseToken) {
    return JSON.createObjectNode().put("lease_token", leaseToken);
  }

  private HttpRequest get(String path, Duration requestTimeout) {
    return request(path, requestTimeout).GET().build();
  }

  private HttpRequest post(String path, JsonNode body, Duration requestTimeout) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return request(path, requestTimeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private HttpRequest.Builder request(String path, Duration requestTimeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
        .timeout(requestTimeout.plus(GRACE))
        .header("Accept", "application/json");
    apiToken.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  private BrokerResult<JsonNode> expect200(HttpRequest request) {
    BrokerResult<Reply> result = send(request);
    if (result instanceof BrokerResult.Ok<Reply> ok) {
      Reply reply = ok.payload();
      if (reply.status() == 200) {
        return BrokerResult.ok(reply.body());
      }
      return new BrokerResult.Refused<>(reply.asError());
    }
    return new BrokerResult.Unreachable<>(result.failureMessage());
  }

  private BrokerResult<Reply> send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return new BrokerResult.Unreachable<>("the escarp daemon at " + base + " did not answer in time");
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>(unreachable(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new BrokerResult.Unreachable<>("interrupted while waiting for the escarp daemon");
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body == null || !body.isObject()) {
        throw new IOException("not a JSON object");
      }
      return BrokerResult.ok(new Reply(response.statusCode(), body));
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>("something at " + base
          + " answered, but not like an escarp daemon (HTTP " + response.statusCode() + ")");
    }
  }

  private String unreachable(IOException e) {
    return "no escarp daemon answers at " + base + " (" + describe(e) + "); start one with `escarp up`";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** A parsed reply: status and JSON object body. */
  record Reply(int status, JsonNode body) {
    ApiError asError() {
      return new ApiError(status, body.path("error").asText("http_" + status),
          body.path("message").asText(""), body);
    }
  }
}

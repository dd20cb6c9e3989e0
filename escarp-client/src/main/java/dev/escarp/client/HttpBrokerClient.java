package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.http.PlainHttp;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.AcquireRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link BrokerClient} over plain HTTP/1.1 ({@link PlainHttp}: one connection per request, so a
 * mutating request is never retried; a retried acquire could lease twice) with JSON trees from
 * jackson-core ({@link JsonTrees}). Both are chosen for start-up: a short CLI command is mostly
 * start-up. The bearer token, when configured, goes on every request and never into a message.
 */
public final class HttpBrokerClient implements BrokerClient {

  /** What the daemon may take beyond a request's own wait before we call it unresponsive. */
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final URI base;
  private final Optional<String> apiToken;
  private final Duration timeout;

  public HttpBrokerClient(URI base, Optional<String> apiToken, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
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
    ObjectNode body = JsonTrees.object().put("holder", request.holder());
    request.slot().ifPresent(s -> body.put("slot", s));
    request.devPort().ifPresent(p -> body.put("dev_port", p));
    request.maxWait().ifPresent(w -> body.put("wait_s", w.toMillis() / 1000.0));
    request.identity().ifPresent(id -> {
      body.put("tier", id.tier().wireName());
      id.profile().ifPresent(p -> body.put("profile", p));
      body.put("reset_policy", id.resetPolicy());
    });
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
  public BrokerResult<SlotRecord> release(String leaseToken, boolean saveProfile) {
    return expect200(post("/release", tokenBody(leaseToken).put("save_profile", saveProfile), timeout))
        .map(SlotRecord::new);
  }

  @Override
  public BrokerResult<JsonNode> profiles() {
    return expect200(get("/profiles", timeout));
  }

  @Override
  public BrokerResult<JsonNode> putProfile(String name, JsonNode storageState) {
    return expect200(new Call("PUT", profilePath(name), JsonTrees.bytes(storageState), timeout));
  }

  @Override
  public BrokerResult<JsonNode> profileState(String name) {
    return expect200(get(profilePath(name) + "/state", timeout));
  }

  @Override
  public BrokerResult<JsonNode> deleteProfile(String name) {
    return expect200(new Call("DELETE", profilePath(name), JsonTrees.bytes(JsonTrees.object()), timeout));
  }

  @Override
  public BrokerResult<JsonNode> approve(String leaseId) {
    return expect200(post("/approve", JsonTrees.object().put("lease_id", leaseId), timeout));
  }

  @Override
  public BrokerResult<JsonNode> reject(String leaseId) {
    return expect200(post("/reject", JsonTrees.object().put("lease_id", leaseId), timeout));
  }

  /** Encoded, though a valid name (letters, digits, ".", "_", "-") needs none: the daemon refuses others. */
  private static String profilePath(String name) {
    return "/profiles/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public BrokerResult<SlotRecord> poolAdd(int slot) {
    ObjectNode body = JsonTrees.object().put("slot", slot);
    return expect200(post("/pool/add", body, timeout)).map(SlotRecord::new);
  }

  @Override
  public BrokerResult<SlotRecord> poolAddRemote(String name, String url, java.util.Map<String, String> headers) {
    ObjectNode body = JsonTrees.object();
    ObjectNode remote = body.putObject("remote").put("name", name).put("url", url);
    headers.forEach(remote.putObject("headers")::put);
    return expect200(post("/pool/add", body, timeout)).map(SlotRecord::new);
  }

  @Override
  public BrokerResult<SlotRemoved> poolRemove(int slot, boolean force) {
    ObjectNode body = JsonTrees.object().put("slot", slot).put("force", force);
    return expect200(post("/pool/remove", body, timeout))
        .map(json -> new SlotRemoved(json.path("slot").asInt(slot)));
  }

  @Override
  public BrokerResult<LeaseHold> hold(String leaseToken) {
    try {
      return BrokerResult.ok(LeaseHold.open(base, apiToken, JsonTrees.bytes(tokenBody(leaseToken))));
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>(unreachable(e));
    }
  }

  private static ObjectNode tokenBody(String leaseToken) {
    return JsonTrees.object().put("lease_token", leaseToken);
  }

  private Call get(String path, Duration requestTimeout) {
    return new Call("GET", path, null, requestTimeout);
  }

  private Call post(String path, JsonNode body, Duration requestTimeout) {
    return new Call("POST", path, JsonTrees.bytes(body), requestTimeout);
  }

  private BrokerResult<JsonNode> expect200(Call call) {
    BrokerResult<Reply> result = send(call);
    if (result instanceof BrokerResult.Ok<Reply> ok) {
      Reply reply = ok.payload();
      if (reply.status() == 200) {
        return BrokerResult.ok(reply.body());
      }
      return new BrokerResult.Refused<>(reply.asError());
    }
    return new BrokerResult.Unreachable<>(result.failureMessage());
  }

  private BrokerResult<Reply> send(Call call) {
    PlainHttp.Response response;
    try {
      response = PlainHttp.exchange(base, call.method(), base.resolve(call.path()).getRawPath(), apiToken,
          Optional.ofNullable(call.body()), CONNECT_TIMEOUT, call.timeout().plus(GRACE));
    } catch (SocketTimeoutException e) {
      return new BrokerResult.Unreachable<>("the escarp daemon at " + base + " did not answer in time");
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>(unreachable(e));
    }
    try {
      JsonNode body = JsonTrees.parse(response.body());
      if (!body.isObject()) {
        throw new IOException("not a JSON object");
      }
      return BrokerResult.ok(new Reply(response.status(), body));
    } catch (IOException e) {
      return new BrokerResult.Unreachable<>("something at " + base
          + " answered, but not like an escarp daemon (HTTP " + response.status() + ")");
    }
  }

  /** One request: method, path, JSON body (null for GET), and how long its answer may take. */
  private record Call(String method, String path, byte[] body, Duration timeout) {}

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
      return ApiError.from(status, body);
    }
  }
}

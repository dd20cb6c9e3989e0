package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.clients.QuotaRefusals;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.metrics.BrokerMetrics;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.broker.webdriver.WebDriverLeases;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /acquire {holder, slot?, dev_port?, wait_s?, priority?, tier?, profile?,
 * reset_policy?, webdriver?}}: a lease, token included. With a profile, {@link ProfileAcquire}
 * loads it before answering; a {@code supervised} lease also waits for a human's approval ({@link
 * SupervisedAcquire}). With {@code "webdriver": true}, the lease gets a chromedriver of its own
 * ({@link WebDriverLeases}). A client's request counts against its quotas; over one, 429 {@code
 * quota_exceeded} with {@code Retry-After}.
 */
final class AcquireRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final BrokerMetrics metrics;
  private final Executor blocking;
  private final ProfileAcquire profiles;
  private final Callers callers;
  private final Optional<SupervisedAcquire> supervised;
  private final WebDriverLeases webdrivers;

  AcquireRoute(LeaseTable table, SlotRecords records, BrokerMetrics metrics, Executor blocking,
      ProfileAcquire profiles, Callers callers, Optional<SupervisedAcquire> supervised, WebDriverLeases webdrivers) {
    this.callers = callers;
    this.supervised = supervised;
    this.webdrivers = webdrivers;
    this.profiles = profiles;
    this.table = table;
    this.records = records;
    this.metrics = metrics;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    RequestBody body = RequestBody.parse(request.body());
    AcquireRequest acquire;
    Optional<LeaseIdentity> identity = LeaseIdentities.from(body, table.defaultIdentity().resetPolicy());
    Optional<String> client = callers.authenticate(request.header("authorization")).flatMap(Callers.Caller::client);
    if (client.isPresent()) {
      identity = Optional.of(identity.orElse(table.defaultIdentity()).withClient(client.get()));
    }
    try {
      acquire = new AcquireRequest(body.requiredHolder(), body.optionalSlot(), body.optionalDevPort(),
          body.optionalWait(), identity, body.optionalPriority());
    } catch (IllegalArgumentException e) { // out of AcquireRequest's limits: names the field and value
      throw ApiException.badField(e.getMessage());
    }
    Duration wait = acquire.maxWait().orElse(Duration.ZERO);
    Optional<String> profile = identity.flatMap(LeaseIdentity::profile);
    if (profile.isPresent() && identity.get().tier() == LeaseIdentity.Tier.SUPERVISED) {
      SupervisedAcquire human = supervised.orElseThrow(() -> new ApiException(400, "unsupported_tier",
          "this daemon cannot hold a lease for a human's approval; use tier 'delegated' with a profile"));
      return human.acquire(acquire, profile.get(), request).thenApply(this::toResponse);
    }
    boolean webdriver = body.optionalFlag("webdriver");
    if (webdriver) {
      webdrivers.unavailable().ifPresent(why -> {
        metrics.acquired("webdriver_unavailable");
        throw new ApiException(409, "webdriver_unavailable", why);
      });
    }
    CompletableFuture<AcquireResult> result = profile.isPresent()
        ? profiles.acquire(acquire, profile.get(), wait)
        // The table writes its journal before answering: keep that off the event loop.
        : CompletableFuture.supplyAsync(() -> table.acquire(acquire, wait), blocking).thenCompose(f -> f);
    // A caller that hung up while it waited never learns of its grant: give the slot back at once
    // rather than leave it leased to nobody until the TTL runs out.
    result = result.thenApply(r -> unlessHungUp(r, request));
    if (webdriver) {
      return result.thenApplyAsync(this::withWebDriver, blocking).thenApply(this::toResponse);
    }
    return result.thenApply(this::toResponse);
  }

  private AcquireResult unlessHungUp(AcquireResult result, ApiRequest request) {
    if (result instanceof AcquireResult.Granted granted && request.connectionClosed().isDone()) {
      metrics.acquired("caller_gone");
      blocking.execute(() -> table.release(granted.lease().token())); // writes the journal: off the loop
    }
    return result;
  }

  /**
   * Starts the lease's chromedriver (blocking: on the blocking executor). A lease whose driver
   * cannot start is released at once and the caller told why: nobody learnt of it yet.
   */
  private AcquireResult withWebDriver(AcquireResult result) {
    if (!(result instanceof AcquireResult.Granted granted)) {
      return result;
    }
    Lease lease = granted.lease();
    try {
      webdrivers.start(lease, table.whenEnded(lease.token())
          .orElseGet(() -> CompletableFuture.completedFuture(null)));
      return result;
    } catch (IllegalStateException e) {
      table.release(lease.token());
      metrics.acquired("webdriver_unavailable");
      throw new ApiException(409, "webdriver_unavailable", "slot " + lease.slot().index()
          + " was not leased: " + e.getMessage());
    }
  }

  private ApiResponse toResponse(AcquireResult result) {
    if (result instanceof AcquireResult.Granted granted) {
      metrics.acquired("granted");
      metrics.backends().granted(granted.lease().slot().backend());
      return ApiResponse.ok(records.leaseRecord(granted.lease(), Instant.now()));
    }
    if (result instanceof AcquireResult.PoolExhausted full) {
      metrics.acquired("pool_exhausted");
      ObjectNode extra = JsonNodeFactory.instance.objectNode();
      extra.set("snapshot", records.publicRecords(full.snapshot()));
      throw new ApiException(409, "pool_exhausted",
          "all " + full.snapshot().poolSize() + " slots are taken; see snapshot for retry_after_s", extra);
    }
    if (result instanceof AcquireResult.SlotTaken taken) {
      metrics.acquired("slot_leased");
      throw new ApiException(409, "slot_leased", "slot " + taken.slot() + " " + describe(taken.state()));
    }
    if (result instanceof AcquireResult.QuotaExceeded over) {
      metrics.acquired("quota_exceeded");
      throw QuotaRefusals.of(over);
    }
    if (result instanceof AcquireResult.NotSaved notSaved) {
      metrics.acquired("journal_unwritable");
      throw Leases.journalUnwritable("no lease was granted", notSaved.problem());
    }
    AcquireResult.UnknownSlot unknown = (AcquireResult.UnknownSlot) result;
    metrics.acquired("unknown_slot");
    throw new ApiException(404, "unknown_slot", "slot " + unknown.slot() + " is not in the pool");
  }

  private static String describe(SlotState state) {
    return switch (state) {
      case LEASED -> "is leased";
      case EXTERNAL -> "is held by another process";
      case RESETTING -> "is being reset";
      case UNHEALTHY -> "is unhealthy";
      case FREE -> "was taken a moment ago";
    };
  }
}

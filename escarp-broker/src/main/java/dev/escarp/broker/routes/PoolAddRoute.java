package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolChangeResult;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.lease.SlotSnapshot;
import dev.escarp.core.slot.RemoteBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /pool/add {slot}}: brokers one more slot without a restart. Its browser must
 * already be listening (the CLI launches it first). {@code POST /pool/add {remote: {name, url,
 * headers}}} brokers a browser escarp did not launch, as the slot after the highest.
 */
final class PoolAddRoute implements Route {

  private final LeaseTable table;
  private final BrowserDirectory browsers;
  private final SlotRecords records;
  private final Executor blocking;

  PoolAddRoute(LeaseTable table, BrowserDirectory browsers, SlotRecords records, Executor blocking) {
    this.table = table;
    this.browsers = browsers;
    this.records = records;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    RequestBody body = RequestBody.parse(request.body());
    Optional<RemoteBrowser> remote = RemoteRequest.from(body.json());
    if (remote.isPresent()) {
      return CompletableFuture.supplyAsync(() -> addRemote(remote.get()), blocking);
    }
    int index = body.requiredSlot();
    return CompletableFuture.supplyAsync(() -> add(index), blocking);
  }

  /** A browser escarp did not launch: the slot after the highest in the pool; it must answer now. */
  private ApiResponse addRemote(RemoteBrowser remote) {
    List<SlotSnapshot> slots = table.snapshot().slots();
    if (slots.stream().anyMatch(s -> s.slot().remote().map(r -> r.name().equals(remote.name())).orElse(false))) {
      throw new ApiException(409, "slot_already_in_pool", "a remote named " + remote.name() + " is already in the pool");
    }
    int index = slots.stream().mapToInt(SlotSnapshot::index).max().orElse(-1) + 1;
    Slot slot = table.layout().remoteSlot(index, remote);
    ProbeResult probe = browsers.probe(slot);
    if (probe instanceof ProbeResult.NothingThere nothing) {
      throw new ApiException(409, "no_browser_on_port", "remote browser " + remote.name() + " ("
          + remote.displayUrl() + ") does not answer: " + nothing.reason());
    }
    PoolChangeResult result = table.addSlot(slot);
    if (result instanceof PoolChangeResult.Added added) {
      return ApiResponse.ok(records.publicRecord(added.slot()));
    }
    throw new ApiException(409, "slot_already_in_pool", "slot " + index + " could not be added: " + result);
  }

  private ApiResponse add(int index) {
    Slot slot;
    try {
      slot = table.layout().slot(index);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(e.getMessage());
    }
    if (table.snapshot().slot(index).isPresent()) {
      throw new ApiException(409, "slot_already_in_pool", "slot " + index + " is already in the pool");
    }
    ProbeResult probe;
    try {
      probe = browsers.discover(slot, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "hot_pool_unavailable", "the daemon is shutting down");
    }
    if (probe instanceof ProbeResult.NothingThere nothing) {
      throw new ApiException(409, "no_browser_on_port",
          "no browser answers on port " + slot.cdpPort() + " (" + nothing.reason() + "); launch it first");
    }
    browsers.refreshProcess(slot);
    PoolChangeResult result = table.addSlot(index);
    if (result instanceof PoolChangeResult.Added added) {
      return ApiResponse.ok(records.publicRecord(added.slot()));
    }
    if (result instanceof PoolChangeResult.AlreadyInPool) {
      throw new ApiException(409, "slot_already_in_pool", "slot " + index + " is already in the pool");
    }
    throw new ApiException(409, "pool_error", "slot " + index + " could not be added: " + result);
  }
}

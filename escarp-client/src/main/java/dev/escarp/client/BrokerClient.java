package dev.escarp.client;

import dev.escarp.core.lease.AcquireRequest;
import java.net.URI;

/**
 * The daemon's HTTP API as the CLI and the MCP shim use it. Expected failures (a full pool, an
 * unknown lease, a daemon that does not answer) come back as {@link BrokerResult}s, not
 * exceptions. Implementations are safe to share between threads.
 */
public interface BrokerClient {

  /** Where this client sends its requests. */
  URI baseUri();

  /** {@code GET /healthz}: true when a daemon answers there. */
  boolean isServing();

  BrokerResult<PoolStatus> status();

  BrokerResult<LeaseRecord> acquire(AcquireRequest request);

  BrokerResult<LeaseRecord> heartbeat(String leaseToken);

  BrokerResult<SlotRecord> release(String leaseToken);

  BrokerResult<SlotRecord> poolAdd(int slot);

  BrokerResult<SlotRemoved> poolRemove(int slot, boolean force);

  /**
   * {@code POST /hold}: ties the lease to a connection that stays open until the lease ends or
   * the returned hold is closed. Closing it (or the death of this process) releases the lease.
   */
  BrokerResult<LeaseHold> hold(String leaseToken);
}

package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * {@code POST /release {lease_token, save_profile}}: with {@code saveProfile}, the lease's logins
   * are saved into its auth profile first (the daemon refuses, and keeps the lease, if it cannot).
   */
  BrokerResult<SlotRecord> release(String leaseToken, boolean saveProfile);

  /** {@code GET /profiles}: the auth profiles' metadata (never cookie values). */
  BrokerResult<JsonNode> profiles();

  /** {@code PUT /profiles/<name>}: a Playwright storageState, optionally with {@code max_age_s}. */
  BrokerResult<JsonNode> putProfile(String name, JsonNode storageState);

  /** {@code GET /profiles/<name>/state}: the decrypted storageState (the export). */
  BrokerResult<JsonNode> profileState(String name);

  /** {@code DELETE /profiles/<name>}. */
  BrokerResult<JsonNode> deleteProfile(String name);

  /** {@code POST /approve {lease_id}}: a human approves a supervised lease waiting for it. */
  BrokerResult<JsonNode> approve(String leaseId);

  /** {@code POST /reject {lease_id}}: a human refuses a supervised lease; its acquire gets 403. */
  BrokerResult<JsonNode> reject(String leaseId);

  BrokerResult<SlotRecord> poolAdd(int slot);

  /**
   * {@code POST /pool/add {"remote": {name, url, headers}}}: brokers a browser escarp did not
   * launch, as a slot after the others.
   */
  BrokerResult<SlotRecord> poolAddRemote(String name, String url, java.util.Map<String, String> headers);

  BrokerResult<SlotRemoved> poolRemove(int slot, boolean force);

  /**
   * {@code POST /hold}: ties the lease to a connection that stays open until the lease ends or
   * the returned hold is closed. Closing it (or the death of this process) releases the lease.
   */
  BrokerResult<LeaseHold> hold(String leaseToken);
}

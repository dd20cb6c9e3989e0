package dev.escarp.mcp.lease;

import dev.escarp.core.lease.AcquireRequest;

/**
 * Where this shim's leases come from: the daemon ({@link DaemonBackend}) or the pool's lock files
 * directly ({@link EmbeddedBackend}). Thread-safe; blocking calls are made from tool-call threads.
 */
public interface LeaseBackend extends AutoCloseable {

  /** {@code daemon} or {@code embedded}. */
  String mode();

  StatusOutcome status();

  /** Blocks up to the request's wait for a free slot. */
  AcquireOutcome acquire(AcquireRequest request);

  /** Frees what the backend holds for itself (threads, connections); never a browser. */
  @Override
  void close();
}

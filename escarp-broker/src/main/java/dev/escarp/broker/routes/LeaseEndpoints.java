package dev.escarp.broker.routes;

import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.core.lease.Lease;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Which CDP endpoints a lease record names: the lease's own relayed ones ({@code
 * ESCARP_CDP_ENDPOINT=relay}, the default) or the browser's own ({@code direct}, escarp 1.x).
 */
public interface LeaseEndpoints {

  /** The endpoints handed to a lease's holder. */
  record Urls(Optional<String> webSocket, Optional<String> http) {}

  /** The holder's endpoints for this lease. */
  Urls forLease(Lease lease);

  /** Whether public records hide the browser's own URL (they do when leases get their own). */
  boolean hidesBrowserUrl();

  /** Epoch seconds of the last CDP frame relayed for the slot's current lease, if any. */
  OptionalDouble lastFrame(int slot);

  /** escarp 1.x: the browser's own URL, for everyone. */
  static LeaseEndpoints direct(BrowserDirectory browsers) {
    return new LeaseEndpoints() {
      @Override
      public Urls forLease(Lease lease) {
        return new Urls(browsers.webSocketUrl(lease.slot().index()),
            Optional.of(lease.slot().cdpHttpUrl()));
      }

      @Override
      public boolean hidesBrowserUrl() {
        return false;
      }

      @Override
      public OptionalDouble lastFrame(int slot) {
        return OptionalDouble.empty();
      }
    };
  }
}

package dev.escarp.broker.console;

import java.util.concurrent.CompletableFuture;

/**
 * Holds a leased slot's relayed holder-to-browser traffic while a human drives its page, and
 * releases it on hand back. The relay provides it; with direct endpoints there is nothing to hold.
 */
public interface TrafficHold {

  /** Completes once the holder's traffic is held. */
  CompletableFuture<Void> hold(int slot);

  /** Completes once the held traffic flows again. */
  CompletableFuture<Void> release(int slot);

  /** Holds nothing: the holder talks to the browser's own port. */
  static TrafficHold none() {
    return new TrafficHold() {
      @Override
      public CompletableFuture<Void> hold(int slot) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Void> release(int slot) {
        return CompletableFuture.completedFuture(null);
      }
    };
  }
}

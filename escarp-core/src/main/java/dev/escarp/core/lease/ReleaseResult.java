package dev.escarp.core.lease;

import java.util.concurrent.CompletableFuture;

/** The outcome of a release. */
public sealed interface ReleaseResult permits ReleaseResult.Released, UnknownLease {

  /**
   * The lease is over. The reply does not wait for the browser's reset: {@code slot} shows
   * {@code resetting}, and {@code resetDone} completes with the slot's state once the reset ended
   * ({@code FREE} or {@code LEASED} to a waiter on success, {@code UNHEALTHY} on failure).
   */
  record Released(SlotSnapshot slot, CompletableFuture<SlotState> resetDone) implements ReleaseResult {}
}

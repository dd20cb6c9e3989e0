package dev.escarp.core.lease;

import java.util.concurrent.CompletableFuture;

/** The outcome of a release. */
public sealed interface ReleaseResult permits ReleaseResult.Released, ReleaseResult.NotSaved, UnknownLease {

  /**
   * The lease is over. The reply does not wait for the browser's reset: {@code slot} shows
   * {@code resetting}, and {@code resetDone} completes with the slot's state once the reset ended
   * ({@code FREE} or {@code LEASED} to a waiter on success, {@code UNHEALTHY} on failure).
   */
  record Released(SlotSnapshot slot, CompletableFuture<SlotState> resetDone) implements ReleaseResult {}

  /**
   * The lease journal could not be written, so the lease was not released: it is active as before,
   * with its token and expiry, and its browser was not reset. {@code problem} says why.
   */
  record NotSaved(String problem) implements ReleaseResult {}
}

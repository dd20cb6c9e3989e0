package dev.escarp.core.lease;

import java.util.OptionalInt;

/**
 * How many leases and waiting acquires the table admits: per client (the API client a request
 * counts against, {@link LeaseIdentity#client()}) and in all. The table checks them under its
 * lock, so two requests of one client never both slip under its limit; a request of no client
 * is bound by the total only.
 */
public interface AdmissionLimits {

  /** No limits at all: escarp 1.x's behaviour. */
  AdmissionLimits NONE = new AdmissionLimits() {
  };

  /** The most leases this client may hold at once. */
  default OptionalInt maxLeases(String client) {
    return OptionalInt.empty();
  }

  /** The most acquires of this client that may wait for a slot at once. */
  default OptionalInt maxWaiting(String client) {
    return OptionalInt.empty();
  }

  /** The most acquires that may wait at once, whoever makes them. */
  default OptionalInt maxWaitingTotal() {
    return OptionalInt.empty();
  }
}

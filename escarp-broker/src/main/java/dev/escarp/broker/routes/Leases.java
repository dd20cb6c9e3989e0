package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;

/** Refusals shared by the routes that take a lease token. */
final class Leases {

  private Leases() {}

  /** Never echoes the token. */
  static ApiException unknownLease() {
    return new ApiException(404, "unknown_lease", "no active lease has that token (released, expired, or never issued)");
  }
}

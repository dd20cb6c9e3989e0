package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;

/** Refusals shared by the routes that take a lease token. */
final class Leases {

  private Leases() {}

  /** Never echoes the token. */
  static ApiException unknownLease() {
    return new ApiException(404, "unknown_lease", "no active lease has that token (released, expired, or never issued)");
  }

  /**
   * 507: the lease journal could not be written, so nothing changed ({@code outcome} says what
   * did not happen). The problem names the file and the I/O error, never a token.
   */
  static ApiException journalUnwritable(String outcome, String problem) {
    return new ApiException(507, "journal_unwritable",
        "the lease journal cannot be written, so " + outcome + "; retry once the disk has room (" + problem + ")");
  }
}

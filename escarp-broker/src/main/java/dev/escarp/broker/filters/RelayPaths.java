package dev.escarp.broker.filters;

/**
 * The relay's paths, which speak Chromium's discovery protocol rather than escarp's JSON API:
 * {@code /cdp/<secret>/...} (the secret is the credential, handed only to the lease's holder) and
 * {@code /connect/<holder>/...} (acquires, so it needs the bearer token when one is set).
 */
final class RelayPaths {

  private RelayPaths() {
  }

  static boolean isRelay(String path) {
    return isLeaseScoped(path) || path.startsWith("/connect/");
  }

  static boolean isLeaseScoped(String path) {
    return path.startsWith("/cdp/");
  }
}

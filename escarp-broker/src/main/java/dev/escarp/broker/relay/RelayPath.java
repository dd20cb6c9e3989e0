package dev.escarp.broker.relay;

import java.util.Optional;

/**
 * A relay path taken apart: {@code /cdp/<secret><rest>} or {@code /connect/<holder><rest>}, where
 * {@code rest} is empty or starts with '/'.
 */
record RelayPath(boolean connect, String key, String rest) {

  static final String CDP = "/cdp/";
  static final String CONNECT = "/connect/";

  static Optional<RelayPath> parse(String path) {
    boolean connect = path.startsWith(CONNECT);
    if (!connect && !path.startsWith(CDP)) {
      return Optional.empty();
    }
    int start = connect ? CONNECT.length() : CDP.length();
    int slash = path.indexOf('/', start);
    String key = slash < 0 ? path.substring(start) : path.substring(start, slash);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RelayPath(connect, key, slash < 0 ? "" : path.substring(slash)));
  }

  /** Whether {@code rest} names the browser's own endpoint rather than a page's. */
  boolean browserEndpoint() {
    return rest.isEmpty() || rest.equals("/") || rest.startsWith("/devtools/browser");
  }
}

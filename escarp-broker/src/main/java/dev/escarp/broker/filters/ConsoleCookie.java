package dev.escarp.broker.filters;

import dev.escarp.broker.http.RequestHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's login: a browser cannot send a bearer header on a WebSocket or an EventSource, so
 * the console trades the token once for an HttpOnly, SameSite=Strict cookie. The cookie holds a
 * digest of the token, not the token. It counts only on requests from the daemon's own origin (an
 * {@code Origin} naming exactly the {@code Host}, or none): a page on another loopback port (an
 * agent's dev server) is same-site, so SameSite alone would let its requests carry the cookie.
 */
public final class ConsoleCookie {

  public static final String NAME = "escarp_console";

  private final byte[] expected;

  public ConsoleCookie(String apiToken) {
    this.expected = value(apiToken).getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether the request carries a valid cookie from the daemon's own origin. */
  public boolean admits(RequestHeaders headers) {
    if (!sameOrigin(headers)) {
      return false;
    }
    Optional<String> presented = cookie(headers.get("cookie").orElse(""));
    return presented.isPresent()
        && MessageDigest.isEqual(expected, presented.get().getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code token} is the daemon's token, compared in constant time. */
  public boolean isToken(String token) {
    return MessageDigest.isEqual(expected, value(token).getBytes(StandardCharsets.US_ASCII));
  }

  /** The {@code Set-Cookie} header that logs a browser in. */
  public String setCookieHeader() {
    return NAME + "=" + new String(expected, StandardCharsets.US_ASCII) + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** No {@code Origin}, or one naming exactly this request's {@code Host} (scheme http). */
  public static boolean sameOrigin(RequestHeaders headers) {
    Optional<String> origin = headers.get("origin");
    if (origin.isEmpty()) {
      return true;
    }
    Optional<String> host = headers.get("host");
    if (host.isEmpty()) {
      return false;
    }
    try {
      URI uri = URI.create(origin.get().trim());
      String authority = uri.getRawAuthority();
      return "http".equals(uri.getScheme()) && authority != null
          && authority.toLowerCase(Locale.ROOT).equals(host.get().trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<String> cookie(String header) {
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(NAME + "=")) {
        return Optional.of(p.substring(NAME.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static String value(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(("escarp-console:" + token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

package dev.escarp.core.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One API client of a shared daemon: its name, the SHA-256 of its bearer token (the token itself
 * is shown once, when made, and never stored), and its quotas.
 *
 * @param maxLeases the most leases it may hold at once; empty: no limit
 * @param maxWaiting the most of its acquires that may wait for a slot at once; empty: no limit
 */
public record ClientAccount(String name, String tokenSha256, OptionalInt maxLeases, OptionalInt maxWaiting) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** @throws IllegalArgumentException naming the bad field */
  public ClientAccount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tokenSha256, "tokenSha256");
    Objects.requireNonNull(maxLeases, "maxLeases");
    Objects.requireNonNull(maxWaiting, "maxWaiting");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("client name must be 1-64 of letters, digits, '.', '_' or '-', got '"
          + name + "'");
    }
    if (!HEX.matcher(tokenSha256).matches()) {
      throw new IllegalArgumentException("token_sha256 of client '" + name + "' must be 64 lowercase hex digits");
    }
    if (maxLeases.isPresent() && maxLeases.getAsInt() < 0 || maxWaiting.isPresent() && maxWaiting.getAsInt() < 0) {
      throw new IllegalArgumentException("the quotas of client '" + name + "' must not be negative");
    }
  }

  /** Whether this is the client's token; in constant time. */
  public boolean matches(String token) {
    return MessageDigest.isEqual(tokenSha256.getBytes(StandardCharsets.US_ASCII),
        sha256(token).getBytes(StandardCharsets.US_ASCII));
  }

  /** The stored form of a token. */
  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

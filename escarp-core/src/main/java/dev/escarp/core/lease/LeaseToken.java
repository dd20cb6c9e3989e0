package dev.escarp.core.lease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A lease's secret. 256 bits from {@link SecureRandom}, URL-safe base64. Compared in constant
 * time; its {@code toString} never shows it, so no log line or exception message can leak it.
 * Only {@link #reveal()} gives the value, for the holder it belongs to.
 */
public final class LeaseToken {

  private static final int BYTES = 32;

  private final String value;
  private final byte[] bytes; // kept so that comparisons allocate nothing on the heartbeat path

  private LeaseToken(String value) {
    this.value = value;
    this.bytes = value.getBytes(StandardCharsets.UTF_8);
  }

  static LeaseToken generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return new LeaseToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A token as presented by a caller; whether it names a lease is for the lease table to say. */
  public static LeaseToken of(String presented) {
    return new LeaseToken(Objects.requireNonNull(presented, "presented token"));
  }

  /** The secret itself: hand it only to the lease's holder. */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison: the time taken does not depend on where the tokens differ. */
  public boolean matches(LeaseToken other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeaseToken other && matches(other);
  }

  @Override
  public int hashCode() {
    return 0; // deliberately uninformative; tokens are looked up by constant-time scan
  }

  @Override
  public String toString() {
    return "LeaseToken[redacted]";
  }
}

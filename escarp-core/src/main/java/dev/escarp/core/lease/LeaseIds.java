package dev.escarp.core.lease;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Public lease ids: 128 bits from {@link SecureRandom}, lowercase hex. Drawn independently of the
 * token, so knowing one tells nothing about the other; safe to show anyone.
 */
public final class LeaseIds {

  private static final int BYTES = 16;
  private static final Pattern FORM = Pattern.compile("[0-9a-f]{32}");

  private LeaseIds() {}

  static String generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether a string has a lease id's form (so it can name a directory safely). */
  public static boolean isWellFormed(String id) {
    return id != null && FORM.matcher(id).matches();
  }
}

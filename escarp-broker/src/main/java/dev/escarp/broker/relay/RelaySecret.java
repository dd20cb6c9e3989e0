package dev.escarp.broker.relay;

import dev.escarp.core.lease.LeaseToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A lease's relay secret: a one-way function of its token, so it is not the token, tells nothing
 * of it, and is the same after a daemon restart restores the lease from the journal (a holder's
 * relayed URL stays valid for as long as its lease does).
 */
final class RelaySecret {

  private RelaySecret() {
  }

  static String of(LeaseToken token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(("escarp relay secret\0" + token.reveal()).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

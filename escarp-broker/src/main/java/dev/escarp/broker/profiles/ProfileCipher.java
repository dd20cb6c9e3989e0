package dev.escarp.broker.profiles;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM (the JDK's) for profile files: a magic, a fresh 12-byte nonce per write, then the
 * ciphertext with its 128-bit tag. The profile's name is authenticated too, so a file copied over
 * another profile's does not load. A file that does not authenticate is refused whole.
 */
final class ProfileCipher {

  private static final byte[] MAGIC = "ESCARPP1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final ProfileKey key;
  private final SecureRandom random = new SecureRandom();

  ProfileCipher(ProfileKey key) {
    this.key = key;
  }

  byte[] encrypt(String name, byte[] plain) throws ProfileException {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(name));
      byte[] sealed = c.doFinal(plain);
      return ByteBuffer.allocate(MAGIC.length + NONCE + sealed.length).put(MAGIC).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  byte[] decrypt(String name, byte[] file) throws ProfileException {
    if (file.length < MAGIC.length + NONCE + TAG_BITS / 8
        || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
      throw unreadable(name, "it is not an escarp profile file");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.get(),
          new GCMParameterSpec(TAG_BITS, file, MAGIC.length, NONCE));
      c.updateAAD(aad(name));
      return c.doFinal(file, MAGIC.length + NONCE, file.length - MAGIC.length - NONCE);
    } catch (javax.crypto.AEADBadTagException e) {
      throw unreadable(name, "it was changed after escarp wrote it, or was encrypted with another key"
          + " (ESCARP_PROFILE_KEY or profiles.key)");
    } catch (GeneralSecurityException e) {
      throw unreadable(name, "it does not decrypt (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static ProfileException unreadable(String name, String why) {
    return new ProfileException(ProfileException.Kind.UNREADABLE,
        "auth profile '" + name + "' cannot be loaded: " + why + "; nothing of it was used."
            + " Import it again (escarp profile import) or remove it (escarp profile rm)");
  }

  private static byte[] aad(String name) {
    return ("escarp-profile:" + name).getBytes(StandardCharsets.UTF_8);
  }
}

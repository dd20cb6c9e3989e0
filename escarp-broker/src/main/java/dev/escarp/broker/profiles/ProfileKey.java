package dev.escarp.broker.profiles;

import dev.escarp.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the key that encrypts auth profiles comes from: {@code ESCARP_PROFILE_KEY} (base64 of 16,
 * 24 or 32 bytes), else {@code $ESCARP_HOME/profiles.key}, 32 random bytes made on first use,
 * mode 0600. Read lazily: a daemon that never touches a profile never makes a key.
 */
final class ProfileKey {

  static final String ENV = "ESCARP_PROFILE_KEY";

  private final Optional<String> fromEnv;
  private final Path file;
  private SecretKey key;

  ProfileKey(Map<String, String> env, Path file) {
    this.fromEnv = Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank());
    this.file = file;
  }

  synchronized SecretKey get() throws ProfileException {
    if (key == null) {
      key = new SecretKeySpec(fromEnv.isPresent() ? decode(fromEnv.get(), ENV) : fromFile(), "AES");
    }
    return key;
  }

  private byte[] fromFile() throws ProfileException {
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      AtomicFiles.write(file, Base64.getEncoder().encode(fresh)); // created 0600
      return fresh;
    } catch (IOException e) {
      throw new ProfileException(ProfileException.Kind.UNREADABLE,
          "cannot read or make the profile key " + file + ": " + e.getMessage());
    }
  }

  private static byte[] decode(String text, String where) throws ProfileException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
      throw new ProfileException(ProfileException.Kind.UNREADABLE,
          where + " must hold a base64 AES key of 16, 24 or 32 bytes (e.g. `openssl rand -base64 32`)");
    }
    return raw;
  }
}

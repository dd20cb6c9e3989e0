package dev.escarp.broker.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.storage.StorageState;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Auth profiles on disk: one file per profile under {@code $ESCARP_HOME/auth-profiles/}, written
 * atomically (0600) and encrypted whole with AES-GCM ({@link ProfileCipher}). Blocking file I/O:
 * call it off the event loops. Thread-safe (each write replaces a whole file).
 */
public final class ProfileStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String SUFFIX = ".profile";

  private final Path dir;
  private final ProfileCipher cipher;

  ProfileStore(Path dir, ProfileCipher cipher) {
    this.dir = dir;
    this.cipher = cipher;
  }

  /** The store of this home, keyed by {@code ESCARP_PROFILE_KEY} or {@code profiles.key}. */
  public static ProfileStore of(Path home, Map<String, String> env) {
    return new ProfileStore(home.resolve("auth-profiles"),
        new ProfileCipher(new ProfileKey(env, home.resolve("profiles.key"))));
  }

  /** @throws ProfileException (BAD) unless the name is 1-64 of letters, digits, '.', '_', '-' */
  public static String checkName(String name) throws ProfileException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ProfileException(ProfileException.Kind.BAD,
          "a profile name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  public StoredProfile read(String name) throws ProfileException {
    checkName(name);
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file(name));
    } catch (NoSuchFileException e) {
      throw new ProfileException(ProfileException.Kind.UNKNOWN,
          "no auth profile named '" + name + "'; see GET /profiles or `escarp profile list`");
    } catch (IOException e) {
      throw new ProfileException(ProfileException.Kind.UNREADABLE,
          "cannot read auth profile '" + name + "': " + e.getMessage());
    }
    byte[] plain = cipher.decrypt(name, sealed);
    try {
      JsonNode root = JsonTrees.parse(plain);
      JsonNode maxAge = root.path("max_age_s");
      return new StoredProfile(name, StorageState.fromJson(root.get("state")),
          Instant.ofEpochMilli(root.path("saved_at_ms").asLong()),
          maxAge.isNumber() ? Optional.of(Duration.ofMillis(Math.round(maxAge.asDouble() * 1000))) : Optional.empty());
    } catch (IOException | RuntimeException e) {
      throw new ProfileException(ProfileException.Kind.UNREADABLE,
          "auth profile '" + name + "' decrypts but is not a profile; import it again");
    }
  }

  /** Writes (or replaces) the profile, saved now. */
  public StoredProfile save(String name, StorageState state, Optional<Duration> maxAge, Instant now)
      throws ProfileException {
    checkName(name);
    ObjectNode root = JsonTrees.object();
    root.put("format", 1);
    root.put("saved_at_ms", now.toEpochMilli());
    maxAge.ifPresent(a -> root.put("max_age_s", a.toMillis() / 1000.0));
    root.set("state", state.toJson());
    try {
      AtomicFiles.write(file(name), cipher.encrypt(name, JsonTrees.bytes(root)));
    } catch (IOException e) {
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "cannot write auth profile '" + name + "': " + e.getMessage());
    }
    return new StoredProfile(name, state, now, maxAge);
  }

  /** Whether it existed. */
  public boolean delete(String name) throws ProfileException {
    checkName(name);
    try {
      return Files.deleteIfExists(file(name));
    } catch (IOException e) {
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "cannot remove auth profile '" + name + "': " + e.getMessage());
    }
  }

  /** The names of the stored profiles, sorted. */
  public List<String> names() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches())
          .sorted().forEach(names::add);
    }
    return names;
  }

  Path file(String name) {
    return dir.resolve(name + SUFFIX);
  }
}

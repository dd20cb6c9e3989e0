package dev.escarp.cdp.launch;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts about this machine that launching depends on, read once at the edge ({@link
 * #current()}) and passed in, so that no logic reads the environment by itself and tests can
 * describe any machine.
 *
 * @param os the operating system
 * @param uid the user id escarp runs as ({@code --no-sandbox} is only for root)
 * @param env the environment: {@code PATH}, {@code DISPLAY}, {@code ESCARP_CHROME}, ...; also the
 *     environment browsers are started with
 */
public record Host(Os os, long uid, Map<String, String> env) {

  public enum Os {
    LINUX,
    MAC,
    OTHER
  }

  public Host {
    Objects.requireNonNull(os, "os");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** This JVM's host: {@code os.name}, the real uid and {@link System#getenv()}. */
  public static Host current() {
    return new Host(osOf(System.getProperty("os.name", "")), currentUid(), System.getenv());
  }

  public Host withEnv(Map<String, String> newEnv) {
    return new Host(os, uid, newEnv);
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /** An environment variable, empty or blank counting as unset. */
  public Optional<String> variable(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  static Os osOf(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.contains("linux")) {
      return Os.LINUX;
    }
    if (name.contains("mac") || name.contains("darwin")) {
      return Os.MAC;
    }
    return Os.OTHER;
  }

  private static long currentUid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return -1; // not a Unix JDK: unknown, never root
    }
  }
}

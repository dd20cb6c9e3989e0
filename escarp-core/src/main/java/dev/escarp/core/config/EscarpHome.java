package dev.escarp.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The directory that holds all of escarp's state on a host ({@code ESCARP_HOME}, default
 * {@code ~/.escarp}), and the name of every file in it. Every process on the host derives its
 * paths here, so the daemon, the CLI and embedded users agree.
 */
public final class EscarpHome {

  private final Path root;

  public EscarpHome(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** {@code ESCARP_HOME} from this environment, else {@code ~/.escarp}. */
  public static EscarpHome fromEnvironment(Map<String, String> env) {
    String configured = env.get("ESCARP_HOME");
    if (configured != null && !configured.isBlank()) {
      return new EscarpHome(Path.of(configured));
    }
    return new EscarpHome(Path.of(System.getProperty("user.home"), ".escarp"));
  }

  public Path root() {
    return root;
  }

  public Path poolConfigFile() {
    return root.resolve("pool.json");
  }

  public Path locksDir() {
    return root.resolve("locks");
  }

  public Path profilesDir(String tier) {
    return root.resolve("profiles").resolve(tier);
  }

  /** The daemon's lease journal (distinct from the CLI's {@link #leasesFile()}). */
  public Path leaseJournalFile() {
    return root.resolve("daemon-leases.json");
  }

  /** The CLI's cache of its own lease tokens ({@code ESCARP_LEASES_FILE} overrides it). */
  public Path leasesFile() {
    return root.resolve("leases.json");
  }

  /** API clients, their token hashes and quotas ({@code escarp client add}); absent: one user. */
  public Path clientsFile() {
    return root.resolve("clients.json");
  }

  public Path daemonPidFile() {
    return root.resolve("daemon.pid");
  }

  /** Where Chrome for Testing may be unpacked. */
  public Path chromeDir() {
    return root.resolve("chrome");
  }

  /** Per-slot macOS app bundles ({@code launch-pool --cua-apps}), one {@code .app} per slot. */
  public Path cuaAppsDir() {
    return root.resolve("cua-apps");
  }

  /** Calibrated OS-window identities, one {@code slot-<s>.json} per slot (macOS). */
  public Path windowsDir() {
    return root.resolve("windows");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EscarpHome other && other.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return "EscarpHome[" + root + "]";
  }
}

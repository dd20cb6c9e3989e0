package dev.escarp.core.slot;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One browser slot of the pool: everything derives from its index and the pool configuration
 * (see {@link SlotLayout}).
 *
 * @param index the slot index, {@code >= 0}
 * @param cdpPort the port the slot's browser serves the DevTools protocol on
 * @param profileDir the browser's {@code --user-data-dir}
 * @param lockFile the file whose {@code flock(2)} decides who holds the slot
 * @param devPorts the development ports handed to the holder
 * @param remote for a slot of the {@code remote} backend, the browser it names (escarp never
 *     launches, relaunches or stops it); empty for a {@code local} slot
 */
public record Slot(int index, int cdpPort, Path profileDir, Path lockFile, DevPorts devPorts,
    Optional<RemoteBrowser> remote) {

  /** The backend of escarp's own detached browsers. */
  public static final String LOCAL = "local";
  /** The backend of browsers escarp did not launch. */
  public static final String REMOTE = "remote";

  /** A local slot: its browser is escarp's, on loopback. */
  public Slot(int index, int cdpPort, Path profileDir, Path lockFile, DevPorts devPorts) {
    this(index, cdpPort, profileDir, lockFile, devPorts, Optional.empty());
  }

  public Slot {
    if (index < 0) {
      throw new IllegalArgumentException("slot index must be >= 0, got " + index);
    }
    if (cdpPort < 1 || cdpPort > 65535) {
      throw new IllegalArgumentException("cdp port must be in 1..65535, got " + cdpPort);
    }
    Objects.requireNonNull(profileDir, "profileDir");
    Objects.requireNonNull(lockFile, "lockFile");
    Objects.requireNonNull(devPorts, "devPorts");
    Objects.requireNonNull(remote, "remote");
  }

  /**
   * The browser's DevTools HTTP endpoint, e.g. {@code http://127.0.0.1:9222}; for a remote, its
   * HTTP base (a WebSocket-only remote has none: its host and port then).
   */
  public String cdpHttpUrl() {
    return remote.map(r -> r.httpBase().orElse("http://" + r.hostForUrl() + ":" + r.port()))
        .orElse("http://127.0.0.1:" + cdpPort);
  }

  /** {@value #LOCAL} or {@value #REMOTE}: who launched the browser, and so who may relaunch or stop it. */
  public String backend() {
    return remote.isPresent() ? REMOTE : LOCAL;
  }

  /** Whether escarp launched this slot's browser and may heal, relaunch or stop it. */
  public boolean isLocal() {
    return remote.isEmpty();
  }

  /** The host the browser listens on: loopback for a local slot. */
  public String host() {
    return remote.map(RemoteBrowser::host).orElse("127.0.0.1");
  }
}

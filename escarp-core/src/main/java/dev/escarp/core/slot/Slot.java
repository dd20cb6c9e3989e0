package dev.escarp.core.slot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One browser slot of the pool: everything derives from its index and the pool configuration
 * (see {@link SlotLayout}).
 *
 * @param index the slot index, {@code >= 0}
 * @param cdpPort the port the slot's browser serves the DevTools protocol on
 * @param profileDir the browser's {@code --user-data-dir}
 * @param lockFile the file whose {@code flock(2)} decides who holds the slot
 * @param devPorts the development ports handed to the holder
 */
public record Slot(int index, int cdpPort, Path profileDir, Path lockFile, DevPorts devPorts) {

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
  }

  /** The browser's DevTools HTTP endpoint, e.g. {@code http://127.0.0.1:9222}. */
  public String cdpHttpUrl() {
    return "http://127.0.0.1:" + cdpPort;
  }
}

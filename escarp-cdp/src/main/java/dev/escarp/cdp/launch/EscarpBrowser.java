package dev.escarp.cdp.launch;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A running browser that belongs to escarp: its profile dir is {@code
 * $ESCARP_HOME/profiles/<tier>/slot-<s>}.
 *
 * @param pid the main browser process
 * @param tier the profile tier, e.g. {@code autonomous}
 * @param slot the slot index
 * @param profileDir its {@code --user-data-dir}
 * @param cdpPort its {@code --remote-debugging-port}, when on the command line
 */
public record EscarpBrowser(long pid, String tier, int slot, Path profileDir, OptionalInt cdpPort) {

  public EscarpBrowser {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(profileDir, "profileDir");
    Objects.requireNonNull(cdpPort, "cdpPort");
  }
}

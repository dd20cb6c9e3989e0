package dev.escarp.macos;

import dev.escarp.macos.command.CommandRunner;
import dev.escarp.macos.window.UnavailableWindowSystem;
import dev.escarp.macos.window.WindowSystem;
import dev.escarp.macos.window.mac.MacWindowSystem;
import java.util.Locale;

/**
 * Picks the window system for a host by {@code os.name}: the macOS one on darwin, {@link
 * UnavailableWindowSystem} everywhere else.
 *
 * <p>The macOS classes are referenced only inside the darwin branch, so on Linux they, jnr-ffi's
 * CoreGraphics binding and the frameworks are never loaded (the JVM loads a class when code that
 * uses it first runs, not when a method mentioning it is verified; {@code PlatformsTest} checks
 * this with a class loader that records what it loads).
 */
public final class Platforms {

  private Platforms() {}

  public static boolean isMac(String osName) {
    String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    return name.contains("mac") || name.contains("darwin");
  }

  public static WindowSystem windowSystem(String osName, CommandRunner runner) {
    if (isMac(osName)) {
      return MacWindowSystem.create(runner);
    }
    return UnavailableWindowSystem.forOs(osName);
  }

  /** This JVM's window system. */
  public static WindowSystem current(CommandRunner runner) {
    return windowSystem(System.getProperty("os.name", ""), runner);
  }
}

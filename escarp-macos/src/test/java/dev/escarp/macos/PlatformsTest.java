package dev.escarp.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.escarp.macos.testing.FakeCommandRunner;
import dev.escarp.macos.window.UnavailableWindowSystem;
import dev.escarp.macos.window.WindowSystem;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PlatformsTest {

  /**
   * Loads escarp-macos's own classes itself (child first) and records every class it is asked
   * for, so a test can see what picking a platform pulled in.
   */
  private static final class RecordingLoader extends URLClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingLoader() {
      super(new URL[] {Platforms.class.getProtectionDomain().getCodeSource().getLocation()},
          PlatformsTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      if (!name.startsWith("dev.escarp.macos.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        return c;
      }
    }
  }

  private static Object pick(RecordingLoader loader, String osName) throws ReflectiveOperationException {
    Class<?> platforms = loader.loadClass("dev.escarp.macos.Platforms");
    Class<?> runner = loader.loadClass("dev.escarp.macos.command.CommandRunner");
    return platforms.getMethod("windowSystem", String.class, runner).invoke(null, osName, null);
  }

  @Test
  void windowSystem_offMacOs_neverLoadsTheMacClassesOrJnrFfi() throws Exception {
    try (RecordingLoader loader = new RecordingLoader()) {
      Object system = pick(loader, "Linux");

      assertEquals("dev.escarp.macos.window.UnavailableWindowSystem", system.getClass().getName());
      assertFalse(loader.requested.contains("dev.escarp.macos.window.mac.MacWindowSystem"), loader.requested.toString());
      assertFalse(loader.requested.contains("dev.escarp.macos.window.mac.CoreGraphics"), loader.requested.toString());
      assertTrue(loader.requested.stream().noneMatch(n -> n.startsWith("jnr.")), loader.requested.toString());
    }
  }

  /** The control for the test above: the same probe does see the macOS classes when they load. */
  @Test
  void windowSystem_onMacOs_loadsTheMacClasses_andOffAMacReportsWhyThatFailed() throws Exception {
    assumeFalse(Platforms.isMac(System.getProperty("os.name")), "on a Mac CoreGraphics would really load");
    try (RecordingLoader loader = new RecordingLoader()) {
      Object system = pick(loader, "Mac OS X");

      assertTrue(loader.requested.contains("dev.escarp.macos.window.mac.MacWindowSystem"), loader.requested.toString());
      assertTrue(loader.requested.contains("dev.escarp.macos.window.mac.CoreGraphics"), loader.requested.toString());
      // Off a Mac the frameworks are missing, so the darwin branch degrades to "unavailable", with the reason.
      assertEquals("dev.escarp.macos.window.UnavailableWindowSystem", system.getClass().getName());
      Optional<?> reason = (Optional<?>) system.getClass().getMethod("unavailableReason").invoke(system);
      assertTrue(String.valueOf(reason.orElseThrow()).startsWith("could not load CoreGraphics"), String.valueOf(reason));
    }
  }

  @Test
  void current_onThisLinuxHost_isUnavailableAndSaysMacOsOnly() {
    assumeFalse(Platforms.isMac(System.getProperty("os.name")), "this test describes a non-Mac host");

    WindowSystem system = Platforms.current(new FakeCommandRunner());

    assertInstanceOf(UnavailableWindowSystem.class, system);
    assertTrue(system.unavailableReason().orElseThrow().startsWith("OS-window identity is available only on macOS"));
  }

  @Test
  void isMac_readsTheUsualOsNames() {
    for (String mac : List.of("Mac OS X", "macOS", "Darwin")) {
      assertTrue(Platforms.isMac(mac), mac);
    }
    for (String other : List.of("Linux", "Windows 11", "FreeBSD", "")) {
      assertFalse(Platforms.isMac(other), other);
    }
  }
}

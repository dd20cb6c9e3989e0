package dev.escarp.macos;

import static dev.escarp.macos.testing.FakeWindowSystem.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.macos.bundle.BundleResult;
import dev.escarp.macos.testing.FakeBundles;
import dev.escarp.macos.testing.FakeCommandRunner;
import dev.escarp.macos.testing.FakeSlotWindows;
import dev.escarp.macos.testing.FakeWindowSystem;
import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.CalibrationResult;
import dev.escarp.macos.window.FocusResult;
import dev.escarp.macos.window.SlotWindowIdentity;
import dev.escarp.macos.window.UnavailableWindowSystem;
import dev.escarp.macos.window.WindowCheckResult;
import dev.escarp.macos.window.WindowGrid;
import dev.escarp.macos.window.WindowIdentityStore;
import dev.escarp.macos.window.WindowSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point the CLI calls, wired to fakes: what each command gets back in each situation. */
class MacPlatformTest {

  @TempDir Path tmp;

  private final List<Integer> opened = new ArrayList<>();
  private final FakeSlotWindows cdp = new FakeSlotWindows().pid(4242);

  private EscarpHome home() {
    return new EscarpHome(tmp);
  }

  private Slot slot(int s) {
    return SlotLayout.of(home(), PoolConfig.defaults()).slot(s);
  }

  private MacPlatform platform(WindowSystem windows, FakeCommandRunner runner) {
    return new MacPlatform(home(), windows, runner, slot -> {
      opened.add(slot.index());
      return cdp;
    }, d -> true, Clock.system());
  }

  @Test
  void onLinux_windowFocusAndCalibrateSayUnavailable_andOpenNoBrowser() {
    MacPlatform platform = platform(UnavailableWindowSystem.forOs("Linux"), new FakeCommandRunner());

    assertTrue(platform.windowsUnavailable().orElseThrow().contains("only on macOS"));
    assertInstanceOf(WindowCheckResult.Unavailable.class, platform.window(0, true));
    assertInstanceOf(FocusResult.Unavailable.class, platform.focus(slot(0)));
    assertInstanceOf(CalibrationResult.Unavailable.class, platform.calibrate(slot(0)));
    assertEquals(List.of(), opened);
  }

  @Test
  void calibrate_thenWindow_reportsTheSavedIdentityLive_andClosesTheConnection() {
    Bounds frame = WindowGrid.DEFAULT.boundsFor(1);
    FakeWindowSystem windows = new FakeWindowSystem().lists(List.of(window(301, 4242, frame))).front(4242, null);
    MacPlatform platform = platform(windows, new FakeCommandRunner());

    assertInstanceOf(CalibrationResult.Calibrated.class, platform.calibrate(slot(1)));
    WindowCheckResult checked = platform.window(1, true);

    assertTrue(assertInstanceOf(WindowCheckResult.Checked.class, checked).report().verified());
    assertTrue(cdp.closed());
  }

  @Test
  void window_forASlotRunningAsACuaApp_saysCalibrationIsSkipped() throws IOException {
    FakeCommandRunner runner = new FakeCommandRunner().exits("cp", 1).exits("pgrep", 1);
    MacPlatform platform = platform(new FakeWindowSystem(), runner);
    assertInstanceOf(BundleResult.Created.class, platform.prepareCuaApp(0, FakeBundles.chromeForTesting(tmp)));

    WindowCheckResult result = platform.window(0, false);

    assertEquals(new WindowCheckResult.NotCalibrated(0,
        "CUA app identity mode (dev.escarp.chrome.slot0); OS-window calibration skipped"), result);
  }

  @Test
  void focus_forASlotRunningAsACuaApp_activatesItsBundle() throws IOException {
    FakeCommandRunner runner = new FakeCommandRunner().exits("cp", 1).exits("pgrep", 1);
    FakeWindowSystem windows = new FakeWindowSystem().front(4242, "dev.escarp.chrome.slot0");
    MacPlatform platform = platform(windows, runner);
    platform.prepareCuaApp(0, FakeBundles.chromeForTesting(tmp));

    FocusResult result = platform.focus(slot(0));

    assertInstanceOf(FocusResult.Focused.class, result);
    assertEquals(List.of("activateBundle dev.escarp.chrome.slot0"), windows.actions());
  }

  @Test
  void focus_forASlotWithNoIdentity_saysToCalibrate() {
    FocusResult result = platform(new FakeWindowSystem(), new FakeCommandRunner().exits("pgrep", 1)).focus(slot(3));

    assertInstanceOf(FocusResult.NotCalibrated.class, result);
    assertEquals(List.of(), opened);
  }

  @Test
  void prepareCuaApp_whenTheOldAppWillNotStop_buildsNothing() throws IOException {
    FakeCommandRunner runner = new FakeCommandRunner().exits("pgrep", 0);
    MacPlatform platform = platform(new FakeWindowSystem(), runner);

    BundleResult result = platform.prepareCuaApp(0, FakeBundles.chromeForTesting(tmp));

    assertTrue(assertInstanceOf(BundleResult.Failed.class, result).reason().contains("still running"));
    assertTrue(runner.commandsOf("cp").isEmpty());
  }

  @Test
  void prepareCuaApp_andRemoveSlotData_forgetTheOldWindowIdentity() throws IOException {
    WindowIdentityStore store = new WindowIdentityStore(home());
    store.save(new SlotWindowIdentity(0, 301, 4242, new Bounds(40, 40, 1024, 560), 7, "PAGE-1", 0));
    MacPlatform platform = platform(new FakeWindowSystem(), new FakeCommandRunner().exits("cp", 1).exits("pgrep", 1));

    platform.prepareCuaApp(0, FakeBundles.chromeForTesting(tmp));
    assertEquals(Optional.empty(), store.load(0));

    assertTrue(platform.removeSlotData(0).removed());
    assertFalse(platform.bundles().installed(0).isPresent());
  }
}

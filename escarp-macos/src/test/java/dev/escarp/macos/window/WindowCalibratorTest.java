package dev.escarp.macos.window;

import static dev.escarp.macos.testing.FakeWindowSystem.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.time.Clock;
import dev.escarp.macos.testing.FakeSlotWindows;
import dev.escarp.macos.testing.FakeWindowSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowCalibratorTest {

  private static final Bounds SLOT_2 = WindowGrid.DEFAULT.boundsFor(2);
  private static final Clock CLOCK = new Clock() {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public long epochMillis() {
      return 1_780_000_000_000L;
    }
  };

  @TempDir Path tmp;

  private WindowIdentityStore store() {
    return new WindowIdentityStore(new EscarpHome(tmp));
  }

  private WindowCalibrator calibrator(WindowSystem windows) {
    return new WindowCalibrator(windows, new WindowMatcher(4), WindowGrid.DEFAULT, store(), d -> true, CLOCK);
  }

  @Test
  void calibrate_movesTheWindowToTheSlotsFrameAndRecordsTheOsWindowThere() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .lists(List.of(window(300, 4242, new Bounds(0, 25, 800, 600)), window(301, 4242, SLOT_2)));
    FakeSlotWindows cdp = new FakeSlotWindows().pid(4242);

    CalibrationResult result = calibrator(windows).calibrate(2, cdp);

    SlotWindowIdentity id = assertInstanceOf(CalibrationResult.Calibrated.class, result).identity();
    assertEquals(new SlotWindowIdentity(2, 301, 4242, SLOT_2, FakeSlotWindows.CDP_WINDOW, FakeSlotWindows.TARGET,
        1_780_000_000_000L), id);
    assertTrue(cdp.calls().contains("setWindowBounds 7 " + SLOT_2), cdp.calls().toString());
    assertEquals(Optional.of(id), store().load(2));
  }

  @Test
  void calibrate_matchesTheFrameChromeReportsAfterTheOsAdjustedIt() {
    Bounds clamped = new Bounds(SLOT_2.x(), SLOT_2.y(), SLOT_2.width(), 500); // a short screen
    FakeWindowSystem windows = new FakeWindowSystem().lists(List.of(window(301, 4242, clamped)));
    FakeSlotWindows cdp = new FakeSlotWindows().pid(4242).clamp(b -> clamped);

    CalibrationResult result = calibrator(windows).calibrate(2, cdp);

    assertEquals(clamped, assertInstanceOf(CalibrationResult.Calibrated.class, result).identity().bounds());
  }

  @Test
  void calibrate_whenTheWindowServerLags_readsTheListAgain() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .lists(List.of(window(301, 4242, new Bounds(0, 25, 800, 600))))
        .lists(List.of(window(301, 4242, new Bounds(0, 25, 800, 600))))
        .lists(List.of(window(301, 4242, SLOT_2)));

    CalibrationResult result = calibrator(windows).calibrate(2, new FakeSlotWindows().pid(4242));

    assertEquals(301, assertInstanceOf(CalibrationResult.Calibrated.class, result).identity().osWindowId());
    assertEquals(3, windows.listReads());
  }

  @Test
  void calibrate_whenNoWindowEverHasTheFrame_failsAndSavesNothing() {
    FakeWindowSystem windows = new FakeWindowSystem().lists(List.of(window(301, 4242, new Bounds(0, 25, 800, 600))));

    CalibrationResult result = calibrator(windows).calibrate(2, new FakeSlotWindows().pid(4242));

    CalibrationResult.Failed failed = assertInstanceOf(CalibrationResult.Failed.class, result);
    assertTrue(failed.reason().contains("found no OS window there"), failed.reason());
    assertEquals(WindowCalibrator.ATTEMPTS, windows.listReads());
    assertEquals(Optional.empty(), store().load(2));
  }

  @Test
  void calibrate_whenTwoWindowsShareTheFrame_refusesToGuess() {
    // No pid from CDP, and a second browser window sitting on the same frame.
    FakeWindowSystem windows = new FakeWindowSystem().lists(List.of(window(301, 4242, SLOT_2), window(302, 4242, SLOT_2)));

    CalibrationResult result = calibrator(windows).calibrate(2, new FakeSlotWindows());

    CalibrationResult.Failed failed = assertInstanceOf(CalibrationResult.Failed.class, result);
    assertTrue(failed.reason().startsWith("windows 301, 302 all have the frame"), failed.reason());
    assertEquals(Optional.empty(), store().load(2));
  }

  @Test
  void calibrate_whenCdpFails_failsWithCdpsReason() {
    FakeWindowSystem windows = new FakeWindowSystem().lists(List.of());

    CalibrationResult result = calibrator(windows).calibrate(2, new FakeSlotWindows().failing("setWindowBounds"));

    assertTrue(assertInstanceOf(CalibrationResult.Failed.class, result).reason().contains("the browser went away"));
  }

  @Test
  void calibrate_withoutAWindowSystem_isUnavailableAndTouchesNoBrowser() {
    FakeSlotWindows cdp = new FakeSlotWindows();

    CalibrationResult result = calibrator(UnavailableWindowSystem.forOs("Linux")).calibrate(0, cdp);

    assertTrue(assertInstanceOf(CalibrationResult.Unavailable.class, result).reason().contains("only on macOS"));
    assertEquals(List.of(), cdp.calls());
  }
}

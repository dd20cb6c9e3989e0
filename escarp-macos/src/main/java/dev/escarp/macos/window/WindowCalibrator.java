package dev.escarp.macos.window;

import dev.escarp.core.time.Clock;
import dev.escarp.macos.command.Pauser;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Calibrates a slot's OS-window identity once: moves the slot's browser window (over CDP) to the
 * frame {@link WindowGrid} reserves for the slot, then finds the OS window with that frame (and
 * the browser's pid, when CDP reports it) in the window server's list, and saves what it found.
 *
 * <p>The frame matched is the one Chrome reports after the move, not the one asked for: macOS may
 * clamp a window to the screen. The window server can lag a move by a frame or two, so the list
 * is read a few times before giving up. Blocking.
 */
public final class WindowCalibrator {

  static final int ATTEMPTS = 10;
  static final Duration SETTLE = Duration.ofMillis(100);

  private final WindowSystem windows;
  private final WindowMatcher matcher;
  private final WindowGrid grid;
  private final WindowIdentityStore store;
  private final Pauser pauser;
  private final Clock clock;

  public WindowCalibrator(
      WindowSystem windows, WindowMatcher matcher, WindowGrid grid, WindowIdentityStore store, Pauser pauser,
      Clock clock) {
    this.windows = Objects.requireNonNull(windows, "windows");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.grid = Objects.requireNonNull(grid, "grid");
    this.store = Objects.requireNonNull(store, "store");
    this.pauser = Objects.requireNonNull(pauser, "pauser");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public CalibrationResult calibrate(int slot, SlotWindows cdp) {
    if (windows.unavailableReason().isPresent()) {
      return new CalibrationResult.Unavailable(windows.unavailableReason().get());
    }
    try {
      String target = cdp.pageTargetId();
      CdpWindow window = cdp.windowForTarget(target);
      cdp.setWindowBounds(window.windowId(), grid.boundsFor(slot));
      Bounds actual = cdp.windowForTarget(target).bounds();
      OptionalLong pid = cdp.browserPid();
      String lastReason = "the window list was never read";
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        NativeResult<List<WindowInfo>> listed = windows.listWindows();
        if (listed instanceof NativeResult.Unavailable<List<WindowInfo>> u) {
          return new CalibrationResult.Unavailable(u.reason());
        }
        if (listed instanceof NativeResult.Failed<List<WindowInfo>> f) {
          return new CalibrationResult.Failed(slot, "could not list windows: " + f.reason());
        }
        MatchResult match = matcher.match(((NativeResult.Ok<List<WindowInfo>>) listed).value(), actual, pid);
        if (match instanceof MatchResult.Matched m) {
          SlotWindowIdentity identity = new SlotWindowIdentity(
              slot, m.window().windowId(), m.window().ownerPid(), actual, window.windowId(), target,
              clock.epochMillis());
          store.save(identity);
          return new CalibrationResult.Calibrated(identity, m.drift());
        }
        if (match instanceof MatchResult.Ambiguous a) {
          return new CalibrationResult.Failed(slot, "windows " + ids(a.candidates()) + " all have the frame " + actual
              + "; close the duplicate windows and calibrate again");
        }
        lastReason = ((MatchResult.NoMatch) match).reason();
        if (!pauser.pause(SETTLE)) {
          break;
        }
      }
      return new CalibrationResult.Failed(slot, "moved CDP window " + window.windowId() + " to " + actual
          + " but found no OS window there: " + lastReason);
    } catch (WindowCdpException e) {
      return new CalibrationResult.Failed(slot, e.getMessage());
    } catch (UncheckedIOException e) {
      return new CalibrationResult.Failed(slot, "found the window but could not save it: " + e.getMessage());
    }
  }

  private static String ids(List<WindowInfo> windows) {
    return windows.stream().map(w -> String.valueOf(w.windowId())).collect(Collectors.joining(", "));
  }
}

package dev.escarp.macos.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-checks a calibrated window live: is it still listed, by the same owner, at the same frame,
 * and (when asked) is it the key window. Every answer comes from the window server now; nothing
 * cached is reported as verified.
 */
public final class WindowCheck {

  private final WindowSystem windows;
  private final int tolerance;

  public WindowCheck(WindowSystem windows, int tolerance) {
    this.windows = Objects.requireNonNull(windows, "windows");
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    this.tolerance = tolerance;
  }

  public WindowCheckResult check(SlotWindowIdentity identity, boolean verifyKey) {
    NativeResult<List<WindowInfo>> listed = windows.listWindows();
    if (listed instanceof NativeResult.Unavailable<List<WindowInfo>> u) {
      return new WindowCheckResult.Unavailable(u.reason());
    }
    if (listed instanceof NativeResult.Failed<List<WindowInfo>> f) {
      return new WindowCheckResult.Failed(identity.slot(), "could not list windows: " + f.reason());
    }
    List<WindowInfo> list = ((NativeResult.Ok<List<WindowInfo>>) listed).value();
    List<String> notes = new ArrayList<>();
    Optional<WindowInfo> found = KeyWindows.byId(list, identity.osWindowId());
    if (found.isEmpty()) {
      notes.add("window " + identity.osWindowId() + " is gone (the browser restarted or the window closed); calibrate again");
      return new WindowCheckResult.Checked(new WindowReport(
          identity, false, false, false, Optional.empty(), Optional.empty(), false, Optional.empty(), notes));
    }
    WindowInfo window = found.get();
    boolean ownerMatches = window.ownerPid() == identity.ownerPid();
    if (!ownerMatches) {
      notes.add("window " + identity.osWindowId() + " now belongs to pid " + window.ownerPid() + " (" + window.ownerName()
          + "), not " + identity.ownerPid() + "; calibrate again");
    }
    if (!window.onScreen()) {
      notes.add("the window is not on screen (minimised, hidden, or on another Space)");
    }
    int drift = window.bounds().drift(identity.bounds());
    boolean within = drift <= tolerance;
    if (!within) {
      notes.add("the window moved from " + identity.bounds() + " to " + window.bounds() + " (" + drift + " pt)");
    }
    Optional<Boolean> isKey = Optional.empty();
    if (verifyKey) {
      NativeResult<FrontApp> front = windows.frontmostApp();
      if (front instanceof NativeResult.Ok<FrontApp> ok) {
        long frontPid = ok.value().pid();
        Optional<WindowInfo> key = KeyWindows.keyWindowOf(list, frontPid);
        boolean keyHere = frontPid == identity.ownerPid() && key.map(k -> k.windowId() == identity.osWindowId()).orElse(false);
        isKey = Optional.of(keyHere);
        if (!keyHere) {
          notes.add(frontPid != identity.ownerPid()
              ? "not the key window: the frontmost app is pid " + frontPid + ok.value().bundleId().map(b -> " (" + b + ")").orElse("")
              : "not the key window: the browser's key window is " + key.map(k -> String.valueOf(k.windowId())).orElse("none"));
        }
      } else {
        notes.add("could not tell whether it is the key window: " + front.problem());
      }
    }
    return new WindowCheckResult.Checked(new WindowReport(
        identity, true, ownerMatches, window.onScreen(), Optional.of(window.bounds()), Optional.of(drift), within,
        isKey, notes));
  }
}

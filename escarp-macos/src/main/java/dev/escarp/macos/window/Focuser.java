package dev.escarp.macos.window;

import dev.escarp.macos.command.Pauser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Brings a slot forward and verifies it: CDP {@code Page.bringToFront} (the right tab), app
 * activation (the right app), accessibility raise (the right window of that app); then reads the
 * frontmost app and the window list until the slot's window is the key window, or the time is up.
 * A step that fails does not end the attempt (the others may suffice); only verification decides.
 * Blocking.
 */
public final class Focuser {

  public static final Duration DEFAULT_VERIFY_WITHIN = Duration.ofSeconds(2);
  static final Duration POLL = Duration.ofMillis(100);

  private final WindowSystem windows;
  private final Pauser pauser;
  private final Duration verifyWithin;

  public Focuser(WindowSystem windows, Pauser pauser, Duration verifyWithin) {
    this.windows = Objects.requireNonNull(windows, "windows");
    this.pauser = Objects.requireNonNull(pauser, "pauser");
    this.verifyWithin = Objects.requireNonNull(verifyWithin, "verifyWithin");
  }

  /** Focuses a calibrated window: verified when it is the key window of the frontmost app. */
  public FocusResult focusWindow(SlotWindowIdentity identity, SlotWindows cdp) {
    if (windows.unavailableReason().isPresent()) {
      return new FocusResult.Unavailable(windows.unavailableReason().get());
    }
    List<FocusStep> steps = new ArrayList<>();
    steps.add(bringToFront(cdp, Optional.of(identity.cdpTargetId())));
    steps.add(step("activate app pid " + identity.ownerPid(), windows.activate(identity.ownerPid())));
    steps.add(step("raise window " + identity.osWindowId(), windows.raise(identity.ownerPid(), identity.bounds())));
    String seen = "not checked";
    for (int i = 0, polls = polls(); i < polls; i++) {
      Verdict verdict = windowIsKey(identity);
      if (verdict.verified()) {
        return new FocusResult.Focused(identity.slot(), steps);
      }
      seen = verdict.seen();
      if (verdict.hopeless() || !pauser.pause(POLL)) {
        break;
      }
    }
    return new FocusResult.NotVerified(identity.slot(), seen, steps);
  }

  /**
   * Focuses a per-slot CUA app: verified when it is the frontmost app (by bundle id, or by the
   * browser's pid when the bundle id cannot be read). A computer-use agent acts on the frontmost
   * app's key window, and a slot's app has only the slot's window.
   */
  public FocusResult focusApp(int slot, String bundleId, SlotWindows cdp) {
    if (windows.unavailableReason().isPresent()) {
      return new FocusResult.Unavailable(windows.unavailableReason().get());
    }
    List<FocusStep> steps = new ArrayList<>();
    steps.add(bringToFront(cdp, Optional.empty()));
    steps.add(step("activate app " + bundleId, windows.activateBundle(bundleId)));
    OptionalLong browserPid = browserPid(cdp);
    String seen = "not checked";
    for (int i = 0, polls = polls(); i < polls; i++) {
      NativeResult<FrontApp> front = windows.frontmostApp();
      if (front instanceof NativeResult.Ok<FrontApp> ok) {
        FrontApp app = ok.value();
        boolean inFront = app.bundleId().map(bundleId::equals)
            .orElse(browserPid.isPresent() && browserPid.getAsLong() == app.pid());
        if (inFront) {
          return new FocusResult.Focused(slot, steps);
        }
        seen = "the frontmost app is " + app.bundleId().orElse("pid " + app.pid()) + ", not " + bundleId;
      } else {
        seen = "could not read the frontmost app: " + front.problem();
      }
      if (!pauser.pause(POLL)) {
        break;
      }
    }
    return new FocusResult.NotVerified(slot, seen, steps);
  }

  private record Verdict(boolean verified, boolean hopeless, String seen) {}

  private Verdict windowIsKey(SlotWindowIdentity identity) {
    NativeResult<FrontApp> front = windows.frontmostApp();
    if (!(front instanceof NativeResult.Ok<FrontApp> ok)) {
      return new Verdict(false, false, "could not read the frontmost app: " + front.problem());
    }
    NativeResult<List<WindowInfo>> listed = windows.listWindows();
    if (!(listed instanceof NativeResult.Ok<List<WindowInfo>> list)) {
      return new Verdict(false, false, "could not list windows: " + listed.problem());
    }
    if (KeyWindows.byId(list.value(), identity.osWindowId()).isEmpty()) {
      return new Verdict(false, true, "window " + identity.osWindowId() + " is gone; calibrate again");
    }
    long frontPid = ok.value().pid();
    if (frontPid != identity.ownerPid()) {
      return new Verdict(false, false, "the frontmost app is pid " + frontPid + ", not the browser (pid " + identity.ownerPid() + ")");
    }
    Optional<WindowInfo> key = KeyWindows.keyWindowOf(list.value(), frontPid);
    if (key.isPresent() && key.get().windowId() == identity.osWindowId()) {
      return new Verdict(true, false, "");
    }
    return new Verdict(false, false, "the browser is in front but its key window is "
        + key.map(k -> String.valueOf(k.windowId())).orElse("none") + ", not " + identity.osWindowId());
  }

  private int polls() {
    return (int) Math.max(1, verifyWithin.toMillis() / POLL.toMillis());
  }

  private static FocusStep bringToFront(SlotWindows cdp, Optional<String> knownTarget) {
    try {
      String target = knownTarget.orElseGet(cdp::pageTargetId);
      cdp.bringToFront(target);
      return new FocusStep("Page.bringToFront", true, "target " + target);
    } catch (WindowCdpException e) {
      return new FocusStep("Page.bringToFront", false, String.valueOf(e.getMessage()));
    }
  }

  private static OptionalLong browserPid(SlotWindows cdp) {
    try {
      return cdp.browserPid();
    } catch (WindowCdpException e) {
      return OptionalLong.empty();
    }
  }

  private static FocusStep step(String action, NativeResult<String> result) {
    return result instanceof NativeResult.Ok<String> ok
        ? new FocusStep(action, true, ok.value())
        : new FocusStep(action, false, result.problem());
  }
}

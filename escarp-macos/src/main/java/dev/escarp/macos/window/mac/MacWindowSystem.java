package dev.escarp.macos.window.mac;

import dev.escarp.macos.command.CommandResult;
import dev.escarp.macos.command.CommandRunner;
import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.FrontApp;
import dev.escarp.macos.window.NativeResult;
import dev.escarp.macos.window.UnavailableWindowSystem;
import dev.escarp.macos.window.WindowInfo;
import dev.escarp.macos.window.WindowSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The macOS window system: the window list from CoreGraphics (jnr-ffi, {@link CoreGraphics}); the
 * frontmost app, activation and accessibility raise through {@code osascript} and System Events.
 *
 * <p>Why AppleScript for those: AppKit's {@code NSWorkspace.frontmostApplication} is only kept
 * current by a run loop, which a CLI or daemon JVM does not spin, so polling it while verifying
 * focus would read a stale answer; System Events asks the window server each time. AX raise needs
 * the accessibility permission for the process running escarp (Terminal, or the daemon's parent);
 * without it the call fails with System Events' message, which the caller reports.
 */
public final class MacWindowSystem implements WindowSystem {

  static final Duration OSASCRIPT_TIMEOUT = Duration.ofSeconds(10);
  /** Points an AX frame may differ from the calibrated one and still be the window to raise. */
  static final int RAISE_TOLERANCE = 4;

  private final NativeWindows natives;
  private final CommandRunner runner;

  MacWindowSystem(NativeWindows natives, CommandRunner runner) {
    this.natives = Objects.requireNonNull(natives, "natives");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /**
   * Loads CoreGraphics; on a Mac where that fails (a JVM without jffi's darwin library, say),
   * everything is unavailable with the reason, rather than an exception at every call.
   */
  public static WindowSystem create(CommandRunner runner) {
    try {
      return new MacWindowSystem(CoreGraphics.load(), runner);
    } catch (LinkageError | RuntimeException e) {
      // jnr's message lists every search path on further lines; the first line says what failed.
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      return new UnavailableWindowSystem(
          "could not load CoreGraphics through jnr-ffi: " + e.getClass().getSimpleName() + ": " + first);
    }
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public NativeResult<List<WindowInfo>> listWindows() {
    try {
      return natives.listWindows();
    } catch (RuntimeException | LinkageError e) {
      return NativeResult.failed("CGWindowListCopyWindowInfo failed: " + e);
    }
  }

  @Override
  public NativeResult<FrontApp> frontmostApp() {
    NativeResult<String> out = osascript(
        "tell application \"System Events\" to get {unix id, bundle identifier} of first process whose frontmost is true");
    if (!(out instanceof NativeResult.Ok<String> ok)) {
      return out.map(s -> null);
    }
    return parseFrontApp(ok.value());
  }

  /** {@code 1234, com.google.chrome.for.testing} (or {@code missing value} for an app without one). */
  static NativeResult<FrontApp> parseFrontApp(String output) {
    String[] parts = output.strip().split(",\\s*", 2);
    try {
      long pid = Long.parseLong(parts[0].strip());
      String bundle = parts.length > 1 ? parts[1].strip() : "";
      return NativeResult.ok(new FrontApp(
          pid, bundle.isEmpty() || "missing value".equals(bundle) ? Optional.empty() : Optional.of(bundle)));
    } catch (NumberFormatException e) {
      return NativeResult.failed("unexpected answer from System Events: " + output);
    }
  }

  @Override
  public NativeResult<String> activate(long pid) {
    return osascript(
        "tell application \"System Events\" to set frontmost of (first process whose unix id is " + pid + ") to true")
        .map(out -> "activated pid " + pid);
  }

  @Override
  public NativeResult<String> activateBundle(String bundleId) {
    requireBundleId(bundleId);
    // "is running" first: telling a stopped app to activate would launch it, outside escarp's control.
    return osascript(
        "if application id \"" + bundleId + "\" is running then",
        "tell application id \"" + bundleId + "\" to activate",
        "else",
        "error \"" + bundleId + " is not running\"",
        "end if")
        .map(out -> "activated " + bundleId);
  }

  @Override
  public NativeResult<String> raise(long pid, Bounds b) {
    int t2 = RAISE_TOLERANCE * RAISE_TOLERANCE;
    return osascript(
        "tell application \"System Events\"",
        "set p to first process whose unix id is " + pid,
        "repeat with w in windows of p",
        "set {px, py} to position of w",
        "set {sw, sh} to size of w",
        "if (px - " + b.x() + ") ^ 2 is less than or equal to " + t2 + " and (py - " + b.y() + ") ^ 2 is less than or equal to " + t2
            + " and (sw - " + b.width() + ") ^ 2 is less than or equal to " + t2 + " and (sh - " + b.height() + ") ^ 2 is less than or equal to " + t2 + " then",
        "perform action \"AXRaise\" of w",
        "return \"raised\"",
        "end if",
        "end repeat",
        "end tell",
        "error \"no window of pid " + pid + " at " + b + "\"")
        .map(out -> "raised the window of pid " + pid + " at " + b);
  }

  private NativeResult<String> osascript(String... lines) {
    List<String> command = new ArrayList<>();
    command.add("osascript");
    for (String line : lines) {
      command.add("-e");
      command.add(line);
    }
    CommandResult result = runner.run(command, OSASCRIPT_TIMEOUT);
    return result.succeeded() ? NativeResult.ok(result.stdout()) : NativeResult.failed(result.describe());
  }

  /** A bundle id goes into AppleScript source: allow only what bundle ids are made of. */
  private static void requireBundleId(String bundleId) {
    if (!bundleId.matches("[A-Za-z0-9.-]+")) {
      throw new IllegalArgumentException("not a bundle identifier: '" + bundleId + "'");
    }
  }
}

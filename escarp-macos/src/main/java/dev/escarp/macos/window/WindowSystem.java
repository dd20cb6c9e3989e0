package dev.escarp.macos.window;

import java.util.List;
import java.util.Optional;

/**
 * The one seam between escarp and the operating system's windows: what the window server lists,
 * which app is in front, and the few actions that bring a window forward. Everything else
 * (matching, drift, verification) is plain logic over these answers and is tested with a fake.
 *
 * <p>{@link dev.escarp.macos.Platforms} gives the macOS implementation on darwin and {@link
 * UnavailableWindowSystem} everywhere else. Expected failures come back as {@link NativeResult},
 * never as exceptions. Implementations are thread-safe.
 */
public interface WindowSystem {

  /** Empty when this window system works here; otherwise why not, in one sentence for people. */
  Optional<String> unavailableReason();

  /** Every ordinary window, front to back (the window server's order), on screen or not. */
  NativeResult<List<WindowInfo>> listWindows();

  /** The app that has keyboard focus. */
  NativeResult<FrontApp> frontmostApp();

  /** Makes {@code pid} the active app (all its windows come forward, its key window gets focus). */
  NativeResult<String> activate(long pid);

  /** Activates the app with this bundle identifier (a per-slot CUA app). */
  NativeResult<String> activateBundle(String bundleId);

  /**
   * Raises one window of {@code pid} above the app's others, through the accessibility API
   * ({@code AXRaise}); the window is found by its frame.
   */
  NativeResult<String> raise(long pid, Bounds bounds);
}

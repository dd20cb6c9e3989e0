package dev.escarp.macos.window;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A host with no window system escarp can talk to (Linux): every call says so and does nothing. */
public final class UnavailableWindowSystem implements WindowSystem {

  private final String reason;

  public UnavailableWindowSystem(String reason) {
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The reason given on a host whose {@code os.name} is {@code osName}. */
  public static UnavailableWindowSystem forOs(String osName) {
    String os = osName == null || osName.isBlank() ? "this system" : osName;
    return new UnavailableWindowSystem("OS-window identity is available only on macOS; this host runs " + os);
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.of(reason);
  }

  @Override
  public NativeResult<List<WindowInfo>> listWindows() {
    return NativeResult.unavailable(reason);
  }

  @Override
  public NativeResult<FrontApp> frontmostApp() {
    return NativeResult.unavailable(reason);
  }

  @Override
  public NativeResult<String> activate(long pid) {
    return NativeResult.unavailable(reason);
  }

  @Override
  public NativeResult<String> activateBundle(String bundleId) {
    return NativeResult.unavailable(reason);
  }

  @Override
  public NativeResult<String> raise(long pid, Bounds bounds) {
    return NativeResult.unavailable(reason);
  }
}

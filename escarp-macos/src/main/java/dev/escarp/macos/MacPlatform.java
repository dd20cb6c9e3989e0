package dev.escarp.macos;

import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.time.Clock;
import dev.escarp.macos.bundle.BundleResult;
import dev.escarp.macos.bundle.CuaAppBundles;
import dev.escarp.macos.bundle.CuaAppIdentity;
import dev.escarp.macos.bundle.RemoveResult;
import dev.escarp.macos.bundle.TerminateResult;
import dev.escarp.macos.command.CommandRunner;
import dev.escarp.macos.command.Pauser;
import dev.escarp.macos.command.ProcessCommandRunner;
import dev.escarp.macos.window.CalibrationResult;
import dev.escarp.macos.window.CdpSlotWindows;
import dev.escarp.macos.window.FocusResult;
import dev.escarp.macos.window.Focuser;
import dev.escarp.macos.window.SlotWindowIdentity;
import dev.escarp.macos.window.SlotWindows;
import dev.escarp.macos.window.WindowCalibrator;
import dev.escarp.macos.window.WindowCdpException;
import dev.escarp.macos.window.WindowCheck;
import dev.escarp.macos.window.WindowCheckResult;
import dev.escarp.macos.window.WindowGrid;
import dev.escarp.macos.window.WindowIdentityStore;
import dev.escarp.macos.window.WindowMatcher;
import dev.escarp.macos.window.WindowSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code escarp} command and the daemon call for macOS identity: per-slot app bundles,
 * window calibration, {@code escarp window} and {@code escarp focus}. On Linux every window call
 * answers "unavailable" with a plain reason and touches nothing native; bundles still work (they
 * are plain files) but are only useful on macOS.
 *
 * <p>Blocking; call it off event loops. Thread-safe: it holds no mutable state.
 */
public final class MacPlatform {

  public static final Duration CDP_TIMEOUT = Duration.ofSeconds(5);

  /** Opens the DevTools seam of one slot's browser. */
  @FunctionalInterface
  public interface SlotWindowsOpener {
    /** @throws WindowCdpException when no browser answers for the slot */
    SlotWindows open(Slot slot);
  }

  private final WindowSystem windows;
  private final CuaAppBundles bundles;
  private final WindowIdentityStore store;
  private final WindowCalibrator calibrator;
  private final WindowCheck check;
  private final Focuser focuser;
  private final SlotWindowsOpener opener;

  public MacPlatform(
      EscarpHome home, WindowSystem windows, CommandRunner runner, SlotWindowsOpener opener, Pauser pauser,
      Clock clock) {
    Objects.requireNonNull(home, "home");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.bundles = new CuaAppBundles(home, runner, pauser);
    this.store = new WindowIdentityStore(home);
    WindowMatcher matcher = new WindowMatcher(WindowMatcher.DEFAULT_TOLERANCE);
    this.calibrator = new WindowCalibrator(windows, matcher, WindowGrid.DEFAULT, store, pauser, clock);
    this.check = new WindowCheck(windows, matcher.tolerance());
    this.focuser = new Focuser(windows, pauser, Focuser.DEFAULT_VERIFY_WITHIN);
  }

  /**
   * The platform of this JVM: real tools, the real window system on darwin (unavailable
   * elsewhere), slots reached over {@code /json/version} and {@code connector}.
   */
  public static MacPlatform current(EscarpHome home, CdpConnector connector) {
    CommandRunner runner = ProcessCommandRunner.system();
    VersionProbe probe = VersionProbe.create();
    return new MacPlatform(
        home, Platforms.current(runner), runner,
        slot -> CdpSlotWindows.open(slot, probe, connector, CDP_TIMEOUT),
        Pauser.sleeping(), Clock.system());
  }

  /** Empty on macOS; otherwise the sentence to print instead of window identity. */
  public Optional<String> windowsUnavailable() {
    return windows.unavailableReason();
  }

  public CuaAppBundles bundles() {
    return bundles;
  }

  /** The slot's calibrated identity, as last saved (not re-checked: see {@link #window}). */
  public Optional<SlotWindowIdentity> windowIdentity(int slot) {
    return store.load(slot);
  }

  /** Calibrates the slot's window and saves its identity; run it once per browser launch. */
  public CalibrationResult calibrate(Slot slot) {
    if (windows.unavailableReason().isPresent()) {
      return new CalibrationResult.Unavailable(windows.unavailableReason().get());
    }
    try (SlotWindows cdp = opener.open(slot)) {
      return calibrator.calibrate(slot.index(), cdp);
    } catch (WindowCdpException e) {
      return new CalibrationResult.Failed(slot.index(), e.getMessage());
    }
  }

  /** {@code escarp window <slot> [--verify-key]}: the calibrated identity, re-checked live. */
  public WindowCheckResult window(int slot, boolean verifyKey) {
    if (windows.unavailableReason().isPresent()) {
      return new WindowCheckResult.Unavailable(windows.unavailableReason().get());
    }
    Optional<SlotWindowIdentity> identity = store.load(slot);
    if (identity.isEmpty()) {
      return new WindowCheckResult.NotCalibrated(slot, bundles.installed(slot).isPresent()
          ? "CUA app identity mode (" + bundles.identity(slot).bundleId() + "); OS-window calibration skipped"
          : "not calibrated; calibrate the slot after launching it");
    }
    return check.check(identity.get(), verifyKey);
  }

  /**
   * {@code escarp focus <slot>} and {@code acquire --focus}: brings the slot forward and reports
   * {@link FocusResult.Focused} only when verified. Uses the calibrated window when there is one,
   * else the slot's per-slot app.
   */
  public FocusResult focus(Slot slot) {
    if (windows.unavailableReason().isPresent()) {
      return new FocusResult.Unavailable(windows.unavailableReason().get());
    }
    Optional<SlotWindowIdentity> identity = store.load(slot.index());
    Optional<CuaAppIdentity> app = bundles.installed(slot.index());
    if (identity.isEmpty() && app.isEmpty()) {
      return new FocusResult.NotCalibrated(slot.index(), "neither a calibrated window nor a per-slot app; calibrate the slot first");
    }
    try (SlotWindows cdp = opener.open(slot)) {
      return identity.isPresent()
          ? focuser.focusWindow(identity.get(), cdp)
          : focuser.focusApp(slot.index(), app.get().bundleId(), cdp);
    } catch (WindowCdpException e) {
      return new FocusResult.NotVerified(slot.index(), e.getMessage(), List.of());
    }
  }

  /**
   * {@code launch-pool --cua-apps} for one slot: ends the app running from the slot's bundle (by
   * bundle id, then by signal), forgets the slot's window identity (a relaunched browser has new
   * windows), and rebuilds the bundle from {@code sourceApp} (see {@link
   * CuaAppBundles#sourceBundleOf}). Then launch the slot from {@link CuaAppIdentity#executable()}
   * ({@link CuaAppBundles#launchHost}).
   */
  public BundleResult prepareCuaApp(int slot, Path sourceApp) {
    TerminateResult terminated = bundles.terminate(slot);
    if (!terminated.stopped()) {
      return new BundleResult.Failed(slot, "the slot's app " + terminated.bundleId() + " is still running"
          + (terminated.notes().isEmpty() ? "" : ": " + String.join("; ", terminated.notes())));
    }
    store.delete(slot);
    return bundles.create(slot, sourceApp);
  }

  /** Removes what this module keeps for a slot: its app bundle (not while it runs) and its window identity. */
  public RemoveResult removeSlotData(int slot) {
    store.delete(slot);
    return bundles.remove(slot);
  }
}

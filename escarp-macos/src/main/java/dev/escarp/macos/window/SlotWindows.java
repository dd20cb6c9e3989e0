package dev.escarp.macos.window;

import java.util.OptionalLong;

/**
 * The few DevTools calls window identity needs, over one slot's browser connection. A seam, so
 * that calibration and focusing are tested without a browser; {@link CdpSlotWindows} is the real
 * one. Calls block; failures throw {@link WindowCdpException}.
 */
public interface SlotWindows extends AutoCloseable {

  /** The target id of the browser's first page (the tab whose window is the slot's window). */
  String pageTargetId();

  /** {@code Browser.getWindowForTarget}. */
  CdpWindow windowForTarget(String targetId);

  /** {@code Browser.setWindowBounds}, first restoring a minimised, maximised or full-screen window. */
  void setWindowBounds(long windowId, Bounds bounds);

  /** The browser's main process id ({@code SystemInfo.getProcessInfo}); empty where not reported. */
  OptionalLong browserPid();

  /** {@code Page.bringToFront} on the target. */
  void bringToFront(String targetId);

  @Override
  void close();
}

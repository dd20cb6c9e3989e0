package dev.escarp.macos.testing;

import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.CdpWindow;
import dev.escarp.macos.window.SlotWindows;
import dev.escarp.macos.window.WindowCdpException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** One browser window in memory, moved by setWindowBounds through an optional clamp (as macOS does). */
public final class FakeSlotWindows implements SlotWindows {

  public static final String TARGET = "PAGE-1";
  public static final long CDP_WINDOW = 7;

  private final List<String> calls = new ArrayList<>();
  private Bounds bounds = new Bounds(0, 25, 800, 600);
  private UnaryOperator<Bounds> clamp = UnaryOperator.identity();
  private OptionalLong pid = OptionalLong.empty();
  private String failing = "";
  private boolean closed;

  public FakeSlotWindows pid(long browserPid) {
    pid = OptionalLong.of(browserPid);
    return this;
  }

  public FakeSlotWindows clamp(UnaryOperator<Bounds> howTheOsAdjusts) {
    clamp = howTheOsAdjusts;
    return this;
  }

  /** Calls whose name starts with {@code prefix} throw. */
  public FakeSlotWindows failing(String prefix) {
    failing = prefix;
    return this;
  }

  public List<String> calls() {
    return List.copyOf(calls);
  }

  public boolean closed() {
    return closed;
  }

  private void call(String what) {
    calls.add(what);
    if (!failing.isEmpty() && what.startsWith(failing)) {
      throw new WindowCdpException(what + " failed: the browser went away");
    }
  }

  @Override
  public String pageTargetId() {
    call("pageTargetId");
    return TARGET;
  }

  @Override
  public CdpWindow windowForTarget(String targetId) {
    call("windowForTarget " + targetId);
    return new CdpWindow(CDP_WINDOW, bounds, "normal");
  }

  @Override
  public void setWindowBounds(long windowId, Bounds requested) {
    call("setWindowBounds " + windowId + " " + requested);
    bounds = clamp.apply(requested);
  }

  @Override
  public OptionalLong browserPid() {
    call("browserPid");
    return pid;
  }

  @Override
  public void bringToFront(String targetId) {
    call("bringToFront " + targetId);
  }

  @Override
  public void close() {
    closed = true;
  }
}

package dev.escarp.macos.testing;

import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.FrontApp;
import dev.escarp.macos.window.NativeResult;
import dev.escarp.macos.window.WindowInfo;
import dev.escarp.macos.window.WindowSystem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A window system that answers from recorded lists: each read takes the next queued answer, and
 * the last one repeats. Actions are recorded and succeed unless told otherwise.
 */
public final class FakeWindowSystem implements WindowSystem {

  private final Deque<NativeResult<List<WindowInfo>>> lists = new ArrayDeque<>();
  private final Deque<NativeResult<FrontApp>> fronts = new ArrayDeque<>();
  private final List<String> actions = new ArrayList<>();
  private NativeResult<String> actionResult = NativeResult.ok("done");
  private int listReads;

  public static WindowInfo window(long id, long pid, Bounds bounds) {
    return new WindowInfo(id, pid, "Chrome", bounds, 0, true);
  }

  public FakeWindowSystem lists(List<WindowInfo> windows) {
    lists.addLast(NativeResult.ok(List.copyOf(windows)));
    return this;
  }

  public FakeWindowSystem listResult(NativeResult<List<WindowInfo>> result) {
    lists.addLast(result);
    return this;
  }

  public FakeWindowSystem front(long pid, String bundleId) {
    fronts.addLast(NativeResult.ok(new FrontApp(pid, Optional.ofNullable(bundleId))));
    return this;
  }

  public FakeWindowSystem frontResult(NativeResult<FrontApp> result) {
    fronts.addLast(result);
    return this;
  }

  public FakeWindowSystem actionsAnswer(NativeResult<String> result) {
    actionResult = result;
    return this;
  }

  public List<String> actions() {
    return List.copyOf(actions);
  }

  public int listReads() {
    return listReads;
  }

  private static <T> NativeResult<T> next(Deque<NativeResult<T>> queue, String what) {
    if (queue.isEmpty()) {
      throw new AssertionError("the test gave no " + what);
    }
    return queue.size() > 1 ? queue.removeFirst() : queue.peekFirst();
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public NativeResult<List<WindowInfo>> listWindows() {
    listReads++;
    return next(lists, "window list");
  }

  @Override
  public NativeResult<FrontApp> frontmostApp() {
    return next(fronts, "frontmost app");
  }

  @Override
  public NativeResult<String> activate(long pid) {
    actions.add("activate " + pid);
    return actionResult;
  }

  @Override
  public NativeResult<String> activateBundle(String bundleId) {
    actions.add("activateBundle " + bundleId);
    return actionResult;
  }

  @Override
  public NativeResult<String> raise(long pid, Bounds bounds) {
    actions.add("raise " + pid + " " + bounds);
    return actionResult;
  }
}

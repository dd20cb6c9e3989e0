package dev.escarp.core.lease;

import java.util.ArrayList;
import java.util.List;

/**
 * Work gathered while the table's lock is held, to run once it is released: completing callers'
 * futures, starting resets, writing the journal. Nothing slow or foreign runs under the lock.
 */
final class Effects {

  private final List<Runnable> actions = new ArrayList<>();

  void add(Runnable action) {
    actions.add(action);
  }

  boolean isEmpty() {
    return actions.isEmpty();
  }

  void run() {
    for (Runnable action : actions) {
      action.run();
    }
  }
}

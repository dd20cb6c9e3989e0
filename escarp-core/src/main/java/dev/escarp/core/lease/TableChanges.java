package dev.escarp.core.lease;

import java.util.concurrent.CopyOnWriteArrayList;
import java.lang.System.Logger.Level;

/**
 * The listeners told that the table changed (a lease granted, renewed or ended, a reset done, a
 * slot's health or membership changed). A listener is called on the thread that made the change,
 * possibly with the table's lock held: it must not block nor call back into the table, only note
 * the change and hand work to an executor. A listener that throws is logged and kept.
 */
final class TableChanges {

  private static final System.Logger LOG = System.getLogger(LeaseTable.class.getName());

  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  void add(Runnable listener) {
    listeners.add(listener);
  }

  void remove(Runnable listener) {
    listeners.remove(listener);
  }

  void fire() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a lease table change listener failed: " + e);
      }
    }
  }
}

package dev.escarp.core.lease;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/** Problems met while restoring or writing the journal: logged, and kept for whoever asks. */
final class Problems {

  private static final System.Logger LOG = System.getLogger(LeaseTable.class.getName());

  private final List<String> messages = new ArrayList<>();

  synchronized void report(String message) {
    LOG.log(Level.WARNING, message);
    messages.add(message);
  }

  synchronized List<String> all() {
    return List.copyOf(messages);
  }
}

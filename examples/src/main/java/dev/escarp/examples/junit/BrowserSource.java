package dev.escarp.examples.junit;

/**
 * Where a test's browser comes from: escarp's pool ({@link PooledBrowsers}, the point of all
 * this), or a browser launched for the test alone ({@link FreshBrowsers}, the usual way, kept for
 * comparison). One per JVM, in JUnit's root store. Thread-safe.
 */
interface BrowserSource extends AutoCloseable {

  /** A browser for this holder alone; blocks until one is free (or the settings' timeout passes). */
  Lease lease(String holder) throws InterruptedException;

  /** Lets go of this source's threads and connections; never ends a pooled browser. */
  @Override
  void close();

  static BrowserSource open(EscarpSettings settings) {
    return switch (settings.browsers()) {
      case POOL -> PooledBrowsers.open(settings);
      case FRESH -> FreshBrowsers.open(settings);
    };
  }
}

package dev.escarp.examples.junit;

/**
 * A {@link LeasedBrowser} and how to give it back. Kept in JUnit's store of the test (or class)
 * that asked for it, which closes it when that test ends, however it ends. Closing twice is harmless.
 */
final class Lease implements AutoCloseable {

  /** Gives a browser back; may block while the browser is reset. */
  @FunctionalInterface
  interface Release {
    void release();
  }

  private final LeasedBrowser browser;
  private final Release release;
  private boolean closed;

  Lease(LeasedBrowser browser, Release release) {
    this.browser = browser;
    this.release = release;
  }

  LeasedBrowser browser() {
    return browser;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      browser.client().close();
    } finally {
      release.release();
    }
  }
}

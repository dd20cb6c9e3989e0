package dev.escarp.junit;

import dev.escarp.cdp.watch.BrowserWatch;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LeasedBrowser}, what the test attached to it (a Playwright connection, a WebDriver), and
 * how to give it back. Kept in JUnit's store of the test (or class) that asked for it, which closes
 * it when that test ends, however it ends: attachments first (disconnected, never the browser
 * ended), then the browser is reset and the slot unlocked. Closing twice is harmless.
 */
final class Lease implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Lease.class.getName());
  private static final Duration WATCH_WAIT = Duration.ofSeconds(10);

  /** Gives a browser back (and ends the watch); may block while the browser is reset. */
  @FunctionalInterface
  interface Release {
    void release();
  }

  private final LeasedBrowser browser;
  private final Optional<CompletableFuture<BrowserWatch>> watch;
  private final Release release;
  private final Map<Object, AutoCloseable> attachments = new LinkedHashMap<>();
  private boolean closed;

  Lease(LeasedBrowser browser, Optional<CompletableFuture<BrowserWatch>> watch, Release release) {
    this.browser = browser;
    this.watch = watch;
    this.release = release;
  }

  LeasedBrowser browser() {
    return browser;
  }

  /** What watches the browser for evidence, once attached; empty when evidence is off or it could not attach. */
  Optional<BrowserWatch> watch() {
    try {
      return watch.isEmpty() ? Optional.empty() : Optional.of(watch.get().get(WATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "no evidence from the browser of slot " + browser.slot().index() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The attachment under {@code key}, opened on first use; all of one test share it. */
  synchronized <T extends AutoCloseable> T attachment(Object key, Class<T> type, Supplier<T> open) {
    if (closed) {
      throw new IllegalStateException("the lease of slot " + browser.slot().index() + " has ended");
    }
    return type.cast(attachments.computeIfAbsent(key, k -> open.get()));
  }

  @Override
  public void close() {
    List<AutoCloseable> detach;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      detach = new ArrayList<>(attachments.values());
    }
    try {
      // Last attached, first detached: a Page's connection before the driver that made it.
      for (int i = detach.size() - 1; i >= 0; i--) {
        closeQuietly(detach.get(i));
      }
    } finally {
      release.release();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // The reset that follows cleans up whatever this left; a test is not failed for it.
      LOG.log(Level.WARNING, "could not detach " + closeable + " from its leased browser: " + e);
    }
  }
}

package dev.escarp.junit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Playwright for Java parameters: {@code Browser} (connected over CDP to the leased slot), its
 * default {@code BrowserContext} (the slot's profile, which escarp resets between tests) and a
 * {@code Page} of it (the blank tab the reset left). All of one test share one connection, which is
 * closed after the test: that disconnects, it never ends the browser.
 *
 * <p>Loaded only when a test declares one of these types, so Playwright is needed only by tests
 * that use it. Playwright objects must be used on the thread that made their {@code Playwright}:
 * each test thread gets its own, made once and closed when the run ends.
 */
final class PlaywrightParameters {

  static final Set<String> TYPES = Set.of(
      "com.microsoft.playwright.Browser", "com.microsoft.playwright.BrowserContext", "com.microsoft.playwright.Page");

  private PlaywrightParameters() {}

  /** This thread's Playwright, started (about 0.6 s, once per thread) before its test claims a slot. */
  static Driver driver(ExtensionContext.Store root) {
    return new Driver(root.getOrComputeIfAbsent(Drivers.class, k -> new Drivers(), Drivers.class).forThisThread());
  }

  static Object resolve(Class<?> type, Lease lease, Driver driver) {
    // The browser's own WebSocket URL, known from the claim: Playwright need not ask /json/version for it.
    Connection connection = lease.attachment(Connection.class, Connection.class,
        () -> new Connection(driver.playwright.chromium().connectOverCDP(lease.browser().cdpWsUrl().toString())));
    if (type == Browser.class) {
      return connection.browser;
    }
    BrowserContext context = connection.browser.contexts().get(0);
    if (type == BrowserContext.class) {
      return context;
    }
    return context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
  }

  /** A thread's Playwright, typed apart so that callers need not load Playwright's classes. */
  static final class Driver {
    private final Playwright playwright;

    private Driver(Playwright playwright) {
      this.playwright = playwright;
    }
  }

  /** One test's Playwright connection to its leased browser. */
  private static final class Connection implements AutoCloseable {
    private final Browser browser;

    Connection(Browser browser) {
      this.browser = browser;
    }

    /** For a browser reached with connectOverCDP, close() only disconnects. */
    @Override
    public void close() {
      browser.close();
    }

    @Override
    public String toString() {
      return "Playwright connection";
    }
  }

  /** One Playwright per test thread (its driver process costs ~0.6 s once), closed with the run. */
  private static final class Drivers implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final Map<Thread, Playwright> byThread = new ConcurrentHashMap<>();

    Playwright forThisThread() {
      return byThread.computeIfAbsent(Thread.currentThread(), t -> Playwright.create(new Playwright.CreateOptions()
          // It drives escarp's browsers over CDP: never download browsers of its own.
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))));
    }

    @Override
    public void close() {
      byThread.values().forEach(Playwright::close);
      byThread.clear();
    }
  }
}

package dev.escarp.broker.webdriver;

import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.slot.RemoteBrowser;
import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebDriver leases: {@code "webdriver": true} on acquire starts a chromedriver of its own for the
 * lease, on a free loopback port, for sessions attached to the leased browser with {@code
 * goog:chromeOptions.debuggerAddress}; the lease record names it ({@code webdriver_url}, {@code
 * webdriver_debugger_address}). It is stopped (by its pid) when the lease ends, however it ends,
 * and when the daemon stops. {@code driver.quit()} on an attached session leaves the browser
 * running, so the pool keeps its browser.
 *
 * <p>Starting one blocks (it waits for chromedriver to listen): call it off the event loops.
 */
public final class WebDriverLeases implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(WebDriverLeases.class.getName());
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  /** One lease's chromedriver. */
  public record Running(String url, String debuggerAddress, ProcessHandle process) {}

  private final ChromeDriverBinary binary;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final java.util.function.Consumer<Lease> started;

  /**
   * @param configured {@code ESCARP_CHROMEDRIVER}, if set
   * @param pathVariable the {@code PATH} to look for {@code chromedriver} on
   */
  public WebDriverLeases(Optional<String> configured, String pathVariable) {
    this(configured, pathVariable, lease -> {});
  }

  /** @param started told of each lease whose chromedriver starts (before it listens; must not block) */
  public WebDriverLeases(Optional<String> configured, String pathVariable, java.util.function.Consumer<Lease> started) {
    this.binary = ChromeDriverBinary.locate(configured, pathVariable);
    this.started = started;
  }

  /** Why WebDriver leases cannot be had here (no chromedriver), with how to install one. */
  public Optional<String> unavailable() {
    return binary.problem();
  }

  /** Why this slot's browser cannot be driven by chromedriver; empty when it can. */
  public static Optional<String> unreachable(Slot slot) {
    Optional<RemoteBrowser> remote = slot.remote();
    if (remote.isPresent() && (remote.get().webSocketOnly() || !remote.get().rawQuery().isEmpty()
        || !remote.get().headers().isEmpty())) {
      return Optional.of("chromedriver attaches by host:port only; remote browser " + remote.get().name()
          + " needs a token or was given by WebSocket URL");
    }
    return Optional.empty();
  }

  /**
   * Starts the lease's chromedriver and waits until it listens; {@code ended} stops it. Throws
   * {@link IllegalStateException} saying why when it cannot start.
   */
  public Running start(Lease lease, CompletableFuture<LeaseEnd> ended) {
    Path path = binary.path().orElseThrow(() -> new IllegalStateException(binary.problem().orElseThrow()));
    unreachable(lease.slot()).ifPresent(why -> {
      throw new IllegalStateException(why);
    });
    String key = key(lease.slot().index(), lease.acquiredAt());
    Running existing = running.get(key);
    if (existing != null) {
      return existing;
    }
    int port = freePort();
    Process process;
    try {
      process = new ProcessBuilder(List.of(path.toString(), "--port=" + port, "--allowed-ips=127.0.0.1"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("chromedriver at " + path + " did not start: " + e.getMessage(), e);
    }
    String slotAddress = lease.slot().host() + ":" + lease.slot().cdpPort();
    Running started = new Running("http://127.0.0.1:" + port, slotAddress, process.toHandle());
    running.put(key, started);
    this.started.accept(lease); // chromedriver drives the browser's own port, not the relay
    // Registered before waiting: a lease that ends meanwhile still stops it.
    ended.whenComplete((end, error) -> stop(key));
    if (closed) {
      stop(key);
      throw new IllegalStateException("the daemon is stopping");
    }
    if (!listens(port, process)) {
      stop(key);
      throw new IllegalStateException("chromedriver at " + path + " did not listen on port " + port + " within "
          + START_TIMEOUT.toSeconds() + " s");
    }
    return started;
  }

  /** The lease's chromedriver, if it asked for one. */
  public Optional<Running> forLease(Lease lease) {
    return Optional.ofNullable(running.get(key(lease.slot().index(), lease.acquiredAt())));
  }

  /** How many chromedrivers run now. */
  public int count() {
    return running.size();
  }

  private void stop(String key) {
    Running gone = running.remove(key);
    if (gone == null) {
      return;
    }
    ProcessHandle process = gone.process();
    process.destroy();
    process.onExit().completeOnTimeout(null, STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .thenRun(() -> {
          if (process.isAlive()) {
            LOG.log(Level.WARNING, "chromedriver pid " + process.pid() + " ignored SIGTERM; killing it");
            process.destroyForcibly();
          }
        });
  }

  private static boolean listens(int port, Process process) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        try {
          process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS); // a bounded poll, woken by its exit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port for chromedriver: " + e.getMessage(), e);
    }
  }

  private static String key(int slot, Instant acquiredAt) {
    return slot + "@" + acquiredAt;
  }

  /** Stops every lease's chromedriver: the daemon is stopping. */
  @Override
  public void close() {
    closed = true;
    for (String key : List.copyOf(running.keySet())) {
      stop(key);
    }
  }
}

package dev.escarp.examples.junit;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.examples.support.SlotBrowsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The usual way, for comparison: a new browser (own profile, own port) launched for each test and
 * stopped when the test ends. Selected with {@code escarp.browsers=fresh}; the benchmark uses it.
 */
final class FreshBrowsers implements BrowserSource {

  private final Path root;
  private final CdpConnector connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-junit-fresh");
  private final AtomicInteger next = new AtomicInteger();
  private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

  private FreshBrowsers(Path root) {
    this.root = root;
  }

  static FreshBrowsers open(EscarpSettings settings) {
    try {
      return new FreshBrowsers(Files.createTempDirectory("escarp-fresh-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Lease lease(String holder) throws InterruptedException {
    EscarpHome home = new EscarpHome(root.resolve("browser-" + next.getAndIncrement()));
    int port = reservePort();
    Slot slot = new SlotLayout(home, port, PoolConfig.DEFAULT_TIER).slot(0);
    SlotBrowsers browsers = new SlotBrowsers(home, Optional.empty());
    Lease.Release stop = () -> {
      browsers.stopAll();
      deleteTree(home.root());
      inUse.remove(port);
    };
    try {
      BrowserVersion browser = browsers.ensureRunning(slot);
      CdpClient client = connector.connect(browser.webSocketDebuggerUrl()).get(10, TimeUnit.SECONDS);
      return new Lease(new LeasedBrowser(slot, browser.webSocketDebuggerUrl(), client), stop);
    } catch (Exception e) {
      stop.release();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException("could not start a browser for " + holder + ": " + e.getMessage(), e);
    }
  }

  /** A free port no other test of this JVM is about to bind: tests lease in parallel. */
  private int reservePort() {
    while (true) {
      int port = LoopbackPorts.freeRange(1);
      if (inUse.add(port)) {
        return port;
      }
    }
  }

  @Override
  public void close() {
    connector.close();
    deleteTree(root);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is not worth failing a test for
    }
  }
}

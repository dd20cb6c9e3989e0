package dev.escarp.client;

import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the daemon the way every escarp client does: {@code ESCARP_BROKER_URL}, else the port in
 * {@code $ESCARP_HOME/daemon.pid} (when that process lives), else the first port of the ladder
 * {@code ESCARP_API_PORT} (7878), +10, ... (ten tries) where a daemon answers.
 */
public final class BrokerLocator {

  public static final int DEFAULT_API_PORT = 7878;
  static final int LADDER_STEP = 10;
  static final int LADDER_TRIES = 10;

  private final Map<String, String> env;
  private final EscarpHome home;
  private final Duration timeout;

  public BrokerLocator(Map<String, String> env, EscarpHome home, Duration timeout) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.timeout = timeout;
  }

  public static BrokerLocator fromEnvironment(Map<String, String> env) {
    return new BrokerLocator(env, EscarpHome.fromEnvironment(env), Duration.ofSeconds(30));
  }

  /** Where to send requests; when nothing answers anywhere, the first port of the ladder. */
  public Location locate() {
    Optional<String> configured = setting("ESCARP_BROKER_URL");
    if (configured.isPresent()) {
      return new Location(URI.create(stripSlash(configured.get())), "ESCARP_BROKER_URL");
    }
    Optional<DaemonPidFile.Entry> pid = new DaemonPidFile(home.daemonPidFile()).readLive();
    if (pid.isPresent()) {
      return new Location(loopback(pid.get().port()), home.daemonPidFile().toString());
    }
    int base = basePort();
    for (int i = 0; i < LADDER_TRIES; i++) {
      int port = base + i * LADDER_STEP;
      if (accepts(port) && client(loopback(port)).isServing()) {
        return new Location(loopback(port), "port ladder from " + base);
      }
    }
    return new Location(loopback(base), "default port");
  }

  /** A client for wherever {@link #locate()} points. */
  public BrokerClient client() {
    return client(locate().uri());
  }

  public BrokerClient client(URI uri) {
    return new HttpBrokerClient(uri, setting("ESCARP_API_TOKEN"), timeout);
  }

  /** The daemon's home, as this environment names it. */
  public EscarpHome home() {
    return home;
  }

  private int basePort() {
    return setting("ESCARP_API_PORT").flatMap(BrokerLocator::port).orElse(DEFAULT_API_PORT);
  }

  private Optional<String> setting(String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<Integer> port(String text) {
    try {
      int port = Integer.parseInt(text);
      return port > 0 && port < 65536 ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The daemon's address on a loopback port. */
  public static URI loopback(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Where the daemon is (or would be), and which rule said so. */
  public record Location(URI uri, String source) {}
}

package dev.escarp.broker.daemon;

import dev.escarp.broker.http.HttpApiServer;
import dev.escarp.broker.http.Route;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseThreads;
import dev.escarp.core.slot.SlotLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The daemon's first minute, spent before it serves: acquire, heartbeat, status and release over
 * loopback against a scratch lease table (its own slots, lock files and journal in a scratch folder
 * under {@code ESCARP_HOME}, no browsers, a reset that does nothing), through the same route,
 * HTTP, table, flock and journal code the real port runs. Class loading and the JIT's first
 * compilations happen here instead of in the first users' requests (BENCHMARKS.md, issue 14).
 * Bounded by a time budget ({@code ESCARP_WARMUP_MS}, default {@value #DEFAULT_MILLIS}; 0 turns it
 * off); nothing of it is visible afterwards, and a failure only costs the warm-up.
 */
final class WarmUp {

  static final long DEFAULT_MILLIS = 250;
  static final String ENV = "ESCARP_WARMUP_MS";
  private static final int SLOTS = 2;
  private static final int HEARTBEATS_PER_CYCLE = 4;

  /** What a warm-up did. */
  record Done(int cycles, int requests, Duration took) {}

  private final Function<LeaseTable, Route> routes;
  private final Path home;

  /**
   * @param routes the daemon's API over a given lease table, wired as the real one is
   * @param home where the scratch folder goes (ESCARP_HOME: private to its user)
   */
  WarmUp(Function<LeaseTable, Route> routes, Path home) {
    this.routes = routes;
    this.home = home;
  }

  /**
   * Warms up within the budget {@code env} sets, unless it is off; a failure is reported on
   * {@code out} and costs the warm-up only.
   */
  static Optional<Done> beforeServing(Map<String, String> env, Function<LeaseTable, Route> routes, Path home,
      PrintStream out) throws InterruptedException {
    Optional<Duration> budget = budget(env);
    if (budget.isEmpty()) {
      return Optional.empty();
    }
    try {
      Done done = new WarmUp(routes, home).run(budget.get());
      out.println("warmed up before serving: " + done.requests() + " requests against a scratch lease table in "
          + done.took().toMillis() + " ms");
      return Optional.of(done);
    } catch (IOException | RuntimeException e) {
      out.println("warning: the warm-up before serving failed (" + e.getMessage() + "); serving cold");
      return Optional.empty();
    }
  }

  /** {@code ESCARP_WARMUP_MS}: empty when 0 (off). */
  static Optional<Duration> budget(Map<String, String> env) {
    String raw = env.get(ENV);
    if (raw == null || raw.isBlank()) {
      return Optional.of(Duration.ofMillis(DEFAULT_MILLIS));
    }
    long ms;
    try {
      ms = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV + " must be a number of milliseconds (0 turns the warm-up off), got \""
          + raw + "\"");
    }
    if (ms < 0) {
      throw new IllegalArgumentException(ENV + " must not be negative, got " + ms);
    }
    return ms == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /** Runs request cycles (at least one) until the budget is spent; blocks the caller (the daemon's start). */
  Done run(Duration budget) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path scratch = Files.createTempDirectory(home, ".warm-up-");
    LeaseThreads threads = LeaseThreads.start("escarp-warm-up", 1);
    LeaseTable table = null;
    HttpApiServer server = null;
    try {
      // A CDP base no browser of the pool uses: the scratch slots are never probed, but their
      // records name ports, and those must not be a real slot's.
      table = LeaseTable.builder(new SlotLayout(new EscarpHome(scratch), 1, "autonomous"), SLOTS)
          .threads(threads)
          .resetter(slot -> { })
          .journal(scratch.resolve("daemon-leases.json"))
          .ownerName("escarp-warm-up")
          .build();
      table.start();
      server = new HttpApiServer(routes.apply(table), InetAddress.getLoopbackAddress());
      int port = server.start(freePort());
      int cycles = 0;
      int requests = 0;
      // The budget is for requests; setting up costs what it costs (a few ms idle, more on a busy machine).
      long deadline = System.nanoTime() + budget.toNanos();
      try (Client client = new Client(port)) {
        do {
          requests += client.cycle();
          cycles++;
        } while (System.nanoTime() < deadline);
      }
      return new Done(cycles, requests, Duration.ofNanos(System.nanoTime() - started));
    } finally {
      if (server != null) {
        server.close();
      }
      if (table != null) {
        table.close();
      }
      threads.close();
      deleteTree(scratch);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** HTTP/1.1 over one keep-alive connection, as a client library would speak it. */
  private static final class Client implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    Client(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
      host = "127.0.0.1:" + port;
    }

    /** Acquire, heartbeats, status, release; the number of requests made. */
    int cycle() throws IOException {
      byte[] lease = call("POST", "/acquire", "{\"holder\": \"escarp-warm-up\"}");
      String token = JsonTrees.parse(lease).path("lease_token").asText();
      String body = "{\"lease_token\": \"" + token + "\"}";
      for (int i = 0; i < HEARTBEATS_PER_CYCLE; i++) {
        call("POST", "/heartbeat", body);
      }
      call("GET", "/status", null);
      call("POST", "/release", body);
      return HEARTBEATS_PER_CYCLE + 3;
    }

    private byte[] call(String method, String path, String json) throws IOException {
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
          .append(host).append("\r\n");
      if (json != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return readResponse(method + " " + path);
    }

    private byte[] readResponse(String what) throws IOException {
      String status = line();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException(what + " answered " + status);
      }
      int length = 0;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring("content-length:".length()).trim());
        }
      }
      return in.readNBytes(length);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the connection closed");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

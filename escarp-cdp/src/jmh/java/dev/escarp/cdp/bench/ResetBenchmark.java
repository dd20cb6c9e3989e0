package dev.escarp.cdp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.reset.ResetFailedException;
import dev.escarp.cdp.reset.ResetPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One slot reset per iteration, on a browser dirtied before each (three tabs on two origins of a
 * local site that sets a cookie and localStorage). escarp's {@link CdpSlotResetter} next to
 * {@link RawReset}, the same steps over a hand-rolled socket:
 *
 * <ul>
 *   <li>{@code escarpSlot} / {@code rawSlot}: what a lease hand-over costs, discovery and
 *       connection included ({@code reset(Slot)});
 *   <li>{@code escarpOpen} / {@code rawOpen}: over a connection that is already open.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 15)
@Measurement(iterations = 40)
@Fork(1)
public class ResetBenchmark {

  @Param({"tabs", "clean"})
  public String policy;

  private BenchBrowser browser;
  private HttpServer site;
  private CdpClient client;
  private RawCdpSocket raw;
  private CdpSlotResetter resetter;
  private boolean clean;

  @Setup(Level.Trial)
  public void launch() throws IOException {
    browser = BenchBrowser.launch();
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", exchange -> {
      byte[] body = ("<html><body><script>localStorage.setItem('k', 'v');"
          + "document.cookie = 'c=1; max-age=3600; path=/';</script>dirty</body></html>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    site.start();
    client = CdpClient.connect(browser.webSocketUrl()).join();
    raw = RawCdpSocket.open(browser.webSocketUrl());
    ResetPolicy parsed = ResetPolicy.parse(policy);
    clean = parsed == ResetPolicy.CLEAN;
    resetter = new CdpSlotResetter(parsed, VersionProbe.create(), CdpClientOptions.defaults());
  }

  @Setup(Level.Iteration)
  public void dirty() {
    int port = site.getAddress().getPort();
    for (String url : List.of("http://127.0.0.1:" + port + "/a", "http://localhost:" + port + "/b", "http://127.0.0.1:" + port + "/c")) {
      String id = client.send("Target.createTarget", obj().put("url", url)).join().get("targetId").asText();
      CdpSession page = client.attachToTarget(id).join();
      page.send("Runtime.evaluate", obj()
          .put("expression", "new Promise(r => document.readyState === 'complete' ? r(1) : addEventListener('load', () => r(1)))")
          .put("awaitPromise", true)).join();
      page.detach().join();
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    try {
      client.close();
      raw.close();
      site.stop(0);
    } finally {
      browser.close();
    }
  }

  @Benchmark
  public void escarpSlot() throws ResetFailedException {
    resetter.reset(browser.port());
  }

  @Benchmark
  public void rawSlot() throws IOException {
    RawReset.discoverConnectAndReset(browser.port(), clean);
  }

  @Benchmark
  public void escarpOpen() throws ResetFailedException {
    resetter.reset(client);
  }

  @Benchmark
  public void rawOpen() throws IOException {
    RawReset.reset(raw, clean);
  }

  private static ObjectNode obj() {
    return RawCdpSocket.JSON.createObjectNode();
  }
}

package dev.escarp.cdp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code Browser.getVersion} round trip over the browser socket: escarp's Netty client next to
 * a hand-rolled blocking WebSocket (the floor), against the same browser in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RoundTripBenchmark {

  private BenchBrowser browser;
  private CdpClient client;
  private RawCdpSocket raw;

  @Setup(Level.Trial)
  public void launch() throws IOException {
    browser = BenchBrowser.launch();
    client = CdpClient.connect(browser.webSocketUrl()).join();
    raw = RawCdpSocket.open(browser.webSocketUrl());
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    try {
      client.close();
      raw.close();
    } finally {
      browser.close();
    }
  }

  @Benchmark
  public ObjectNode escarpClient() {
    return client.send("Browser.getVersion").join();
  }

  @Benchmark
  public JsonNode rawSocket() throws IOException {
    return raw.call("Browser.getVersion");
  }
}

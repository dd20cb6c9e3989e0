package dev.escarp.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.slot.Slot;
import dev.escarp.examples.support.ScratchPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every demo starts from: a pool (a temporary one on free ports, unless ESCARP_HOME names
 * one) with its browsers running, escarp-core's pool facade over it with escarp-cdp's resetter,
 * and a way to look into a slot's browser. Closing it stops the browsers of a temporary pool.
 */
final class DemoPool implements AutoCloseable {

  private final ScratchPool scratch;
  private final CdpSlotResetter resetter;
  private final EscarpPool pool;
  private final CdpConnector connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-demo");
  private final long startNanos;
  private final PrintStream out;

  private DemoPool(ScratchPool scratch, ResetPolicy policy, PrintStream out, long startNanos) {
    this.scratch = scratch;
    this.out = out;
    this.startNanos = startNanos;
    this.resetter = new CdpSlotResetter(policy, VersionProbe.create(), CdpClientOptions.defaults());
    this.pool = scratch.poolBuilder().resetter(resetter).build();
  }

  /** A pool of at least {@code size} slots, launched, with {@code policy} resets. */
  static DemoPool open(int size, ResetPolicy policy, Map<String, String> env, PrintStream out) {
    long start = System.nanoTime();
    ScratchPool scratch = ScratchPool.fromEnvironment(size, env);
    DemoPool demo = new DemoPool(scratch, policy, out, start);
    demo.say("pool: " + scratch + (scratch.isTemporary() ? "; its browsers are stopped at the end" : "; left running"));
    scratch.launch();
    demo.say("browsers up on ports " + scratch.slots().stream().map(s -> Integer.toString(s.cdpPort())).toList()
        + " (reset policy: " + policy.wireName() + ")");
    return demo;
  }

  ScratchPool scratch() {
    return scratch;
  }

  EscarpPool pool() {
    return pool;
  }

  /** Claims the lowest free slot (waiting up to 30 s): exclusive across processes, reset on close. */
  ClaimedSlot claim(String holder) throws InterruptedException {
    return pool.claim(holder, Duration.ofSeconds(30))
        .orElseThrow(() -> new IllegalStateException("no slot came free within 30 s"));
  }

  /** A browser-target connection to the slot's browser. */
  CdpClient connect(Slot slot) throws Exception {
    var url = scratch.browsers().find(slot).orElseThrow(() -> new IllegalStateException("slot " + slot.index() + " has no browser"))
        .webSocketDebuggerUrl();
    return connector.connect(url).get(10, TimeUnit.SECONDS);
  }

  /** The URLs of the slot's tabs, as the browser reports them. */
  List<String> tabs(Slot slot) throws Exception {
    try (CdpClient browser = connect(slot)) {
      List<String> urls = new ArrayList<>();
      for (JsonNode target : browser.send("Target.getTargets").get(10, TimeUnit.SECONDS).path("targetInfos")) {
        if ("page".equals(target.path("type").asText())) {
          urls.add(target.path("url").asText());
        }
      }
      return urls;
    }
  }

  /** Milliseconds since the demo started. */
  long millis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Prints a line stamped with the demo's clock. */
  void say(String line) {
    synchronized (out) {
      out.printf("%6d ms  %s%n", millis(), line);
    }
  }

  @Override
  public void close() {
    pool.close();
    connector.close();
    resetter.close();
    scratch.close();
  }
}

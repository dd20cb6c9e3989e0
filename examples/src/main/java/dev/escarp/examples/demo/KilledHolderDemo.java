package dev.escarp.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.daemon.Daemon;
import dev.escarp.broker.daemon.DaemonConfig;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.slot.Slot;
import dev.escarp.examples.support.LocalSite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A holder killed mid-task: a child JVM takes a slot and opens tabs in its browser, then gets
 * SIGKILL, so nothing of it runs again: no finally, no shutdown hook. Exits 1 unless the next
 * holder gets the slot back promptly and finds one about:blank tab.
 *
 * <ul>
 *   <li>{@code killed-holder} (or {@code killed-holder flock}): the child claims through
 *       escarp-core's flock. The kernel drops the lock with the process; the next claimant sees
 *       the dead holder's {@code in_use} record and resets before use.
 *   <li>{@code killed-holder hold}: the child leases from escarp's daemon (run in this JVM) and
 *       ties the lease to a {@code POST /hold} connection. The kernel closes the socket; the
 *       daemon releases and resets the lease, and a waiting {@code /acquire} gets the slot. This
 *       one always uses a temporary pool, whatever ESCARP_HOME says.
 * </ul>
 */
public final class KilledHolderDemo {

  private KilledHolderDemo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "flock";
    return switch (mode) {
      case "flock" -> viaFlock();
      case "hold" -> viaHold();
      default -> throw new IllegalArgumentException("killed-holder takes flock or hold, got " + mode);
    };
  }

  private static int viaFlock() throws Exception {
    try (DemoPool demo = DemoPool.open(1, ResetPolicy.TABS, System.getenv(), System.out);
         LocalSite site = LocalSite.start()) {
      site.route("/", request -> LocalSite.Response.html("<title>" + request.uri().getPath() + "</title>"));
      Slot slot = demo.scratch().slots().get(0);

      Process child = startChild(demo, "flock", Integer.toString(slot.index()), slot.index(), site);
      try {
        demo.say("child JVM pid " + child.pid() + " holds slot " + slot.index() + ": " + holder(demo, slot));
        demo.say("lock record: " + Files.readString(slot.lockFile()).strip());
        demo.say("its tabs: " + demo.tabs(slot));
        Optional<ClaimedSlot> meanwhile = demo.pool().tryClaim(slot.index(), "next holder");
        if (meanwhile.isPresent()) {
          meanwhile.get().close();
          demo.say("FAIL: the slot could be claimed while the child held it");
          return 1;
        }
        demo.say("a claim now finds the slot held, as it should; sending SIGKILL to " + child.pid());
        long killedAt = demo.millis();
        child.destroyForcibly(); // SIGKILL
        child.onExit().get(10, TimeUnit.SECONDS);
        demo.say("child is gone (exit " + child.exitValue() + "); lock record left behind: "
            + Files.readString(slot.lockFile()).strip());

        try (ClaimedSlot next = demo.pool().claim("next holder", Duration.ofSeconds(10))
            .orElseThrow(() -> new IllegalStateException("the slot did not come back within 10 s"))) {
          demo.say("next holder has slot " + next.slot().index() + ", " + (demo.millis() - killedAt)
              + " ms after the kill (reset included); holder now: " + holder(demo, slot));
          List<String> tabs = demo.tabs(slot);
          demo.say("its tabs: " + tabs);
          if (!tabs.equals(List.of("about:blank"))) {
            demo.say("FAIL: the next holder should find one about:blank tab");
            return 1;
          }
        }
        demo.say("OK: the killed holder's slot came back through the kernel's flock, reset before reuse");
        return 0;
      } finally {
        child.destroyForcibly();
      }
    }
  }

  private static int viaHold() throws Exception {
    // Always a temporary pool: a second daemon must not take over the pid file of a user's pool.
    Map<String, String> own = new HashMap<>(System.getenv());
    own.remove("ESCARP_HOME");
    try (DemoPool demo = DemoPool.open(1, ResetPolicy.TABS, own, System.out);
         LocalSite site = LocalSite.start()) {
      site.route("/", request -> LocalSite.Response.html("<title>" + request.uri().getPath() + "</title>"));
      Slot slot = demo.scratch().slots().get(0);
      Map<String, String> env = new HashMap<>(System.getenv());
      env.putAll(demo.scratch().childEnvironment());
      env.put("ESCARP_API_PORT", Integer.toString(LoopbackPorts.freeRange(1)));
      env.remove("ESCARP_API_TOKEN");
      try (Daemon daemon = new Daemon(DaemonConfig.fromEnvironment(env), env, System.out)) {
        int port = daemon.start();
        DaemonApi api = new DaemonApi(port);
        Process child = startChild(demo, "hold", Integer.toString(port), slot.index(), site);
        try {
          JsonNode record = api.status().path("slots").get(0);
          demo.say("child JVM pid " + child.pid() + " leased slot " + record.path("slot").asInt() + " from the daemon: state "
              + record.path("state").asText() + ", holder " + record.path("holder").asText() + "; its lease is tied to a /hold connection");
          demo.say("its tabs: " + demo.tabs(slot));
          demo.say("sending SIGKILL to " + child.pid() + "; asking the daemon for the slot, waiting up to 10 s");
          long killedAt = demo.millis();
          child.destroyForcibly(); // SIGKILL
          JsonNode next = api.post("/acquire", "{\"holder\": \"next holder\", \"wait_s\": 10}");
          demo.say("next holder leased slot " + next.path("slot").asInt() + ", " + (demo.millis() - killedAt)
              + " ms after the kill (release and reset included)");
          List<String> tabs = demo.tabs(slot);
          demo.say("its tabs: " + tabs);
          api.post("/release", "{\"lease_token\": \"" + next.path("lease_token").asText() + "\"}");
          if (!tabs.equals(List.of("about:blank"))) {
            demo.say("FAIL: the next holder should find one about:blank tab");
            return 1;
          }
          demo.say("OK: the killed holder's lease ended with its /hold connection, and the slot was reset before reuse");
          return 0;
        } finally {
          child.destroyForcibly();
        }
      }
    }
  }

  private static Process startChild(DemoPool demo, String mode, String target, int slot, LocalSite site) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        HolderChild.class.getName(), mode, target, site.url("/draft-email"), site.url("/half-paid-cart")));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(demo.scratch().childEnvironment());
    Process child = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (Exception e) {
        return null;
      }
    }).get(30, TimeUnit.SECONDS);
    if (!("HOLDING " + slot).equals(line)) {
      child.destroyForcibly();
      throw new IllegalStateException("the child did not take slot " + slot + " (it said: " + line + ")");
    }
    return child;
  }

  private static String holder(DemoPool demo, Slot slot) {
    return demo.pool().holderOf(slot.index())
        .map(h -> "pid " + h.pid() + h.holder().map(n -> " (" + n + ")").orElse(""))
        .orElse("nobody");
  }
}

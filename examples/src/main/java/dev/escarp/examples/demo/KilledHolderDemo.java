package dev.escarp.examples.demo;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A holder killed mid-task: a child JVM claims a slot (escarp-core's flock) and opens tabs in its
 * browser, then gets SIGKILL, so nothing of it runs again: no finally, no shutdown hook. The
 * kernel drops its lock; the next claimant gets the slot at once, sees the dead holder's
 * {@code in_use} record, resets before use, and finds one about:blank tab. Exits 1 otherwise.
 */
public final class KilledHolderDemo {

  private KilledHolderDemo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    try (DemoPool demo = DemoPool.open(1, ResetPolicy.TABS, System.getenv(), System.out);
         LocalSite site = LocalSite.start()) {
      site.route("/", request -> LocalSite.Response.html("<title>" + request.uri().getPath() + "</title>"));
      Slot slot = demo.scratch().slots().get(0);

      Process child = startChild(demo, slot, site);
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

  private static Process startChild(DemoPool demo, Slot slot, LocalSite site) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        HolderChild.class.getName(), Integer.toString(slot.index()), site.url("/draft-email"), site.url("/half-paid-cart")));
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
    if (!("HOLDING " + slot.index()).equals(line)) {
      child.destroyForcibly();
      throw new IllegalStateException("the child did not take slot " + slot.index() + " (it said: " + line + ")");
    }
    return child;
  }

  private static String holder(DemoPool demo, Slot slot) {
    return demo.pool().holderOf(slot.index())
        .map(h -> "pid " + h.pid() + h.holder().map(n -> " (" + n + ")").orElse(""))
        .orElse("nobody");
  }
}

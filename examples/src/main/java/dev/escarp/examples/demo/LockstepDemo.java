package dev.escarp.examples.demo;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.examples.support.LocalSite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two holders in lockstep: two leases on two slots, driven at once, step for step. Each step
 * loads a local page that takes the server 250 ms to answer (think: an app under test) and reads
 * the page back. The same steps run one holder after the other first, then both at once; with
 * two browsers of their own the two holders never wait for each other, so together they take
 * about half as long. In the lockstep run the server holds each step's request until the other
 * holder's arrives: a step passes only if both browsers had their request out at once. Exits 1
 * if one did not (the speed-up is printed, not judged: it depends on how busy the machine is).
 */
public final class LockstepDemo {

  static final long SERVER_MILLIS = 250;
  /** How long a lockstep request waits at the server for the other holder's. */
  static final long MEET_MILLIS = 30_000;

  private LockstepDemo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    int steps = Demos.intArg(args, 0, 4, 1, 50);
    try (DemoPool demo = DemoPool.open(2, ResetPolicy.TABS, System.getenv(), System.out);
         LocalSite site = LocalSite.start()) {
      Map<String, CyclicBarrier> meetings = new ConcurrentHashMap<>();
      site.route("/step", request -> {
        String step = request.query().get("together");
        if (step != null && !meet(meetings.computeIfAbsent(step, s -> new CyclicBarrier(2)))) {
          return LocalSite.Response.html("<title>alone at step " + step + "</title>");
        }
        sleep(SERVER_MILLIS);
        return LocalSite.Response.html("<title>" + request.query().get("who") + " " + request.query().get("n") + "</title>");
      });
      try (ClaimedSlot a = demo.claim("lockstep A");
           ClaimedSlot b = demo.claim("lockstep B");
           CdpClient browserA = demo.connect(a.slot());
           CdpClient browserB = demo.connect(b.slot());
           CdpPage pageA = CdpPage.open(browserA);
           CdpPage pageB = CdpPage.open(browserB)) {
        demo.say("A holds slot " + a.slot().index() + ", B holds slot " + b.slot().index());
        Holder holderA = new Holder("A", pageA, site, demo);
        Holder holderB = new Holder("B", pageB, site, demo);

        demo.say("-- one after the other: A's " + steps + " steps, then B's");
        long t0 = demo.millis();
        holderA.steps(steps, null);
        holderB.steps(steps, null);
        long sequential = demo.millis() - t0;

        demo.say("-- in lockstep: A and B start each step together");
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
          long t1 = demo.millis();
          List<Future<Void>> both = threads.invokeAll(List.of(
              () -> holderA.steps(steps, together), () -> holderB.steps(steps, together)));
          for (Future<Void> f : both) {
            f.get();
          }
          long parallel = demo.millis() - t1;
          double speedup = (double) sequential / parallel;
          demo.say(String.format("one after the other: %d ms; in lockstep: %d ms; %.2fx", sequential, parallel, speedup));
          demo.say("OK: two leases on two browsers ran in parallel (at every step the server had both requests at once)");
          return 0;
        } finally {
          threads.shutdownNow();
        }
      }
    }
  }

  /** One holder's steps; every step is checked (the page it loaded must be its own). */
  private record Holder(String name, CdpPage page, LocalSite site, DemoPool demo) {

    Void steps(int count, CyclicBarrier together) throws Exception {
      for (int n = 1; n <= count; n++) {
        if (together != null) {
          together.await();
        }
        long start = demo.millis();
        page.navigate(site.url("/step?who=" + name + "&n=" + n + (together != null ? "&together=" + n : "")));
        String title = page.title();
        if (!title.equals(name + " " + n)) { // "alone at step n": the other holder's request never came
          throw new IllegalStateException(name + " expected its page '" + name + " " + n + "', found '" + title + "'");
        }
        demo.say(String.format("%s step %d: %5d -> %5d ms", name, n, start, demo.millis()));
      }
      return null;
    }
  }

  /** Waits for the other holder's request of the same step; false if it never came. */
  private static boolean meet(CyclicBarrier step) {
    try {
      step.await(MEET_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | BrokenBarrierException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

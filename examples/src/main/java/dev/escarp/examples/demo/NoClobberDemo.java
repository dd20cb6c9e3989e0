package dev.escarp.examples.demo;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.examples.support.LocalSite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Parallel no-clobber: N holders, each on its own slot and its own local origin, navigate at the
 * same moments (step for step). After every step each checks, in its own browser, that the page
 * is its own: the origin, the step, a localStorage entry it set at the start, and the colour of a
 * screenshot. At the end each browser's tabs must all be its own. Any page, storage entry or pixel
 * of another holder seen anywhere fails the demo (exit 1).
 */
public final class NoClobberDemo {

  private static final int[] COLOURS = {0xc62828, 0x1565c0, 0x2e7d32, 0xf9a825, 0x6a1b9a, 0x00838f};

  private NoClobberDemo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    int holders = Demos.intArg(args, 0, 3, 2, COLOURS.length);
    int steps = Demos.intArg(args, 1, 5, 1, 100);
    ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    try (DemoPool demo = DemoPool.open(holders, ResetPolicy.TABS, System.getenv(), System.out)) {
      List<Holder> all = new ArrayList<>();
      try {
        for (int i = 0; i < holders; i++) {
          all.add(Holder.start(i, demo));
        }
        CyclicBarrier together = new CyclicBarrier(holders);
        ExecutorService threads = Executors.newFixedThreadPool(holders);
        try {
          List<Future<Void>> running = new ArrayList<>();
          for (Holder h : all) {
            running.add(threads.submit(() -> h.run(steps, together, leaks)));
          }
          for (Future<Void> f : running) {
            f.get();
          }
        } finally {
          threads.shutdownNow();
        }
        for (Holder h : all) {
          for (String url : demo.tabs(h.claim.slot())) {
            if (!url.equals("about:blank") && !url.startsWith(h.site.origin() + "/")) {
              leaks.add("holder " + h.name + " has a tab that is not its own: " + url);
            }
          }
        }
      } finally {
        all.forEach(Holder::close);
      }
    }
    if (!leaks.isEmpty()) {
      leaks.forEach(l -> System.out.println("LEAK: " + l));
      System.out.println("FAIL: " + leaks.size() + " cross-slot leak(s)");
      return 1;
    }
    System.out.println("OK: " + holders + " holders x " + steps + " interleaved steps, every page, storage entry and screenshot their own");
    return 0;
  }

  /** One holder: a slot, a browser connection, a tab, and a local site (its own origin). */
  private static final class Holder implements AutoCloseable {
    final String name;
    final int colour;
    final DemoPool demo;
    final ClaimedSlot claim;
    final CdpClient browser;
    final CdpPage page;
    final LocalSite site;

    private Holder(String name, int colour, DemoPool demo, ClaimedSlot claim, CdpClient browser, CdpPage page, LocalSite site) {
      this.name = name;
      this.colour = colour;
      this.demo = demo;
      this.claim = claim;
      this.browser = browser;
      this.page = page;
      this.site = site;
    }

    static Holder start(int index, DemoPool demo) throws Exception {
      String name = "H" + index;
      int colour = COLOURS[index];
      LocalSite site = LocalSite.start();
      site.route("/step", request -> LocalSite.Response.html(
          "<!doctype html><title>" + name + "</title>"
              + "<style>html, body { margin: 0; height: 100%; background: #" + String.format("%06x", colour) + "; }</style>"
              + "<body data-holder='" + name + "' data-step='" + request.query().get("n") + "'>" + name + "</body>"));
      ClaimedSlot claim = demo.claim("no-clobber " + name);
      CdpClient browser = demo.connect(claim.slot());
      CdpPage page = CdpPage.open(browser);
      demo.say(name + " holds slot " + claim.slot().index() + ", serves " + site.origin());
      return new Holder(name, colour, demo, claim, browser, page, site);
    }

    Void run(int steps, CyclicBarrier together, ConcurrentLinkedQueue<String> leaks) throws Exception {
      for (int n = 1; n <= steps; n++) {
        together.await();
        page.navigate(site.url("/step?n=" + n));
        if (n == 1) {
          page.evaluate("localStorage.setItem('holder', " + CdpPage.jsString(name) + ")");
        }
        String seen = page.evaluateString("[location.origin, document.body.dataset.holder, document.body.dataset.step,"
            + " localStorage.getItem('holder')].join(' ')");
        String expected = site.origin() + " " + name + " " + n + " " + name;
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
        int pixel = shot.getRGB(shot.getWidth() / 2, shot.getHeight() / 2) & 0xFFFFFF;
        boolean own = seen.equals(expected) && pixel == colour;
        demo.say(String.format("%s step %d on slot %d: %s, pixel #%06x %s", name, n, claim.slot().index(), seen, pixel,
            own ? "ok" : "NOT ITS OWN"));
        if (!own) {
          leaks.add(String.format("%s step %d saw '%s' and #%06x, expected '%s' and #%06x", name, n, seen, pixel, expected, colour));
        }
      }
      return null;
    }

    @Override
    public void close() {
      browser.close();
      claim.close();
      site.close();
    }
  }
}

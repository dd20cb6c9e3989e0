package dev.escarp.examples.demo;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.slot.Slot;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.examples.support.LocalSite;
import java.util.List;

/**
 * Reset on release: a holder takes a slot, opens local pages in three extra tabs, and lets go.
 * The tab list is printed while it holds the slot and after release; after release the browser
 * must show exactly one tab, at about:blank (escarp's default {@code tabs} reset). Exits 1 if not.
 */
public final class ResetOnReleaseDemo {

  private ResetOnReleaseDemo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    try (DemoPool demo = DemoPool.open(1, ResetPolicy.TABS, System.getenv(), System.out);
         LocalSite site = LocalSite.start()) {
      site.route("/", request -> LocalSite.Response.html("<title>" + request.uri().getPath() + "</title>"));
      Slot slot;
      try (ClaimedSlot claim = demo.claim("reset demo");
           CdpClient browser = demo.connect(claim.slot())) {
        slot = claim.slot();
        demo.say("holding slot " + slot.index() + " (port " + slot.cdpPort() + ")");
        for (String path : List.of("/inbox", "/settings", "/checkout")) {
          CdpPage.open(browser).navigate(site.url(path));
        }
        print(demo, "tabs while held", demo.tabs(slot));
        demo.say("releasing: the slot is reset, marked clean, unlocked");
      }
      List<String> after = demo.tabs(slot);
      print(demo, "tabs after release", after);
      if (!after.equals(List.of("about:blank"))) {
        demo.say("FAIL: after release the browser should show one about:blank tab");
        return 1;
      }
      demo.say("OK: nothing of the holder's tabs survived the release");
      return 0;
    }
  }

  private static void print(DemoPool demo, String what, List<String> tabs) {
    demo.say(what + " (" + tabs.size() + "):");
    tabs.forEach(url -> demo.say("    " + url));
  }
}

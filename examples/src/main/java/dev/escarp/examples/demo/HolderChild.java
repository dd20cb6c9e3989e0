package dev.escarp.examples.demo;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.examples.page.CdpPage;
import java.util.concurrent.TimeUnit;

/**
 * The holder that {@link KilledHolderDemo} kills: claims a slot of the pool in its environment,
 * opens tabs in its browser, says {@code HOLDING <slot>} and waits to be killed. It never lets go.
 */
public final class HolderChild {

  private HolderChild() {}

  public static void main(String[] args) throws Exception {
    int slot = Integer.parseInt(args[0]);
    EscarpPool pool = EscarpPool.builder().build();
    ClaimedSlot claim = pool.tryClaim(slot, "killed-holder child")
        .orElseThrow(() -> new IllegalStateException("slot " + slot + " is held by someone else"));
    var url = VersionProbe.create().probe(claim.slot().cdpPort()).version().orElseThrow().webSocketDebuggerUrl();
    CdpClient browser = CdpClient.connect(url).get(10, TimeUnit.SECONDS);
    for (int i = 1; i < args.length; i++) {
      CdpPage.open(browser).navigate(args[i]);
    }
    System.out.println("HOLDING " + claim.slot().index());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

package dev.escarp.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpResetters;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.examples.page.CdpPage;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The holder that {@link KilledHolderDemo} kills. It takes a slot, opens tabs in its browser, says
 * {@code HOLDING <slot>} and waits to be killed; it never lets go.
 *
 * <pre>
 * HolderChild flock &lt;slot&gt; &lt;url&gt;...       claims the slot through escarp-core (the pool of ESCARP_HOME)
 * HolderChild hold &lt;api port&gt; &lt;url&gt;...    acquires a lease from the daemon and ties it to a /hold connection
 * </pre>
 */
public final class HolderChild {

  private HolderChild() {}

  public static void main(String[] args) throws Exception {
    List<String> urls = Arrays.asList(args).subList(2, args.length);
    if (args[0].equals("flock")) {
      int slot = Integer.parseInt(args[1]);
      ClaimedSlot claim = EscarpPool.builder().resetter(CdpResetters.tabs()).build().tryClaim(slot, "killed-holder child")
          .orElseThrow(() -> new IllegalStateException("slot " + slot + " is held by someone else"));
      URI browser = VersionProbe.create().probe(claim.slot().cdpPort()).version().orElseThrow().webSocketDebuggerUrl();
      work(browser, urls);
      holding(claim.slot().index());
    } else {
      DaemonApi api = new DaemonApi(Integer.parseInt(args[1]));
      JsonNode lease = api.post("/acquire", "{\"holder\": \"killed-holder child\"}");
      api.hold(lease.path("lease_token").asText());
      work(URI.create(lease.path("cdp_ws_url").asText()), urls);
      holding(lease.path("slot").asInt());
    }
  }

  private static void work(URI browserUrl, List<String> urls) throws Exception {
    CdpClient browser = CdpClient.connect(browserUrl).get(10, TimeUnit.SECONDS);
    for (String url : urls) {
      CdpPage.open(browser).navigate(url);
    }
  }

  private static void holding(int slot) throws InterruptedException {
    System.out.println("HOLDING " + slot);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

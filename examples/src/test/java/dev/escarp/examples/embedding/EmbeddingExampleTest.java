package dev.escarp.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.reset.CdpResetters;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.examples.support.LocalSite;
import dev.escarp.examples.support.ScratchPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's embedding snippet ({@link EmbeddingExample}, see ReadmeSnippetsTest) works. */
class EmbeddingExampleTest {

  @Test
  void titleOf_readsThePageThroughALeasedBrowser_andLeavesTheBrowserReset() throws Exception {
    try (ScratchPool scratch = ScratchPool.temporary(1);
         LocalSite site = LocalSite.start().page("/shop", "<title>Shop</title><script>document.cookie = 'cart=1'</script>")) {
      scratch.launch();

      assertEquals("Shop", EmbeddingExample.titleOf(scratch.home().root(), site.url("/shop")));

      try (CdpSlotResetter tabs = CdpResetters.tabs();
           EscarpPool pool = EscarpPool.builder().home(scratch.home().root()).resetter(tabs).build();
           ClaimedSlot again = pool.tryClaim("checker").orElseThrow(() -> new AssertionError("the slot was not released"))) {
        var url = scratch.browsers().find(again.slot()).orElseThrow().webSocketDebuggerUrl();
        try (CdpClient client = CdpClient.connect(url).get(10, TimeUnit.SECONDS)) {
          JsonNode cookies = client.send("Storage.getCookies").get(10, TimeUnit.SECONDS).path("cookies");
          assertEquals(0, cookies.size(), "the clean reset should have wiped the page's cookie: " + cookies);
        }
      }
    }
  }
}

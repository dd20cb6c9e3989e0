package dev.escarp.examples.suite;

// README:junit:start
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.escarp.junit.Escarp;
import org.junit.jupiter.api.Test;

@Escarp
class ReadmeExampleIT {

  @Test
  void buysTheCart(Page page) {  // a tab of a browser this test holds alone, over Playwright
    page.setContent("<button onclick=\"this.textContent = 'Bought'\">Buy</button>");
    page.click("button");
    assertEquals("Bought", page.textContent("button"));
  }                              // then disconnected; the browser reset and handed back, pass or fail
}
// README:junit:end

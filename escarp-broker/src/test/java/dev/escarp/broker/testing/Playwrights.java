package dev.escarp.broker.testing;

import com.microsoft.playwright.Playwright;
import java.util.Map;

/** Playwright for Java as a test's CDP client: it attaches to escarp's browsers, never downloads its own. */
public final class Playwrights {

  private Playwrights() {
  }

  public static Playwright create() {
    return Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }
}

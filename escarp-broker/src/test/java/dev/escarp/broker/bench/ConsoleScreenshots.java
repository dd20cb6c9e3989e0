package dev.escarp.broker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes the README's screenshots of the console (docs/console-pool.png, docs/console-live.png):
 * a 3-slot daemon, two agents at work, the console in Chromium. Run with
 * escarp-broker/bench/screenshots.sh.
 */
public final class ConsoleScreenshots {

  private static final String SHOP = "data:text/html,<title>checkout</title><body style='font:18px system-ui;margin:40px;"
      + "background:%23fffbe6'><h1>Checkout</h1><p>Order %2342: 3 items</p><label>Email <input value='agent@example.com'>"
      + "</label><p><button style='font-size:18px;padding:8px 24px;background:%230b63c5;color:white;border:0'>Pay now"
      + "</button></p></body>";
  private static final String DOCS = "data:text/html,<title>docs</title><body style='font:18px system-ui;margin:40px'>"
      + "<h1>Release notes</h1><p>The agent is reading the changelog.</p></body>";

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args.length > 0 ? args[0] : "docs");
    Files.createDirectories(out);
    Path home = Files.createTempDirectory("escarp-screenshots-");
    try (TestDaemon daemon = TestDaemon.create(home, 3, Map.of()).start();
        Playwright playwright = Playwrights.create();
        Browser viewer = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true).setArgs(List.of("--no-sandbox")))) {
      ApiClient api = daemon.api();
      List<Browser> agents = new ArrayList<>();
      String[][] work = {{"checkout-agent", SHOP}, {"docs-agent", DOCS}};
      for (String[] w : work) {
        JsonNode lease = api.post("/acquire", "{\"holder\": \"" + w[0] + "\", \"wait_s\": 20}").json();
        Browser agent = playwright.chromium().connectOverCDP(lease.get("cdp_http_url").asText());
        Page page = agent.contexts().get(0).newPage();
        page.setViewportSize(800, 500);
        page.navigate(w[1]);
        agents.add(agent);
      }
      Page console = viewer.newPage(new Browser.NewPageOptions().setViewportSize(1280, 420));
      console.navigate("http://127.0.0.1:" + api.port() + "/");
      console.waitForSelector("tr[data-slot='1'][data-state='leased']");
      console.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("console-pool.png")));

      console.setViewportSize(1280, 900);
      console.click("tr[data-slot='0'] button.watch");
      console.waitForSelector("[data-live-slot='0'][data-frames]");
      console.click("[data-live-slot='0'] button.take");
      console.waitForSelector("[data-live-slot='0'][data-controlling='true']");
      console.waitForSelector("tr[data-slot='0'] .controlled-by:text('console')");
      console.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("console-live.png")));
      console.click("[data-live-slot='0'] button.take");
      agents.forEach(Browser::close);
    } finally {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

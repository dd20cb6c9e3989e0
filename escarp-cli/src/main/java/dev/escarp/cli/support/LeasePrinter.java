package dev.escarp.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.client.LeaseRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How a fresh lease is shown to a person, and the preamble for a computer-use agent. */
public final class LeasePrinter {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  private LeasePrinter() {}

  public static void print(LeaseRecord lease, PrintWriter out) {
    out.printf("slot %d leased to %s%n", lease.slot(), lease.holder());
    out.printf("  cdp_ws_url: %s%n", lease.cdpWsUrl().orElse("(browser not answering)"));
    out.printf("  cdp_http:   %s%n", httpBase(lease));
    out.printf("  cdp_port:   %d%n", lease.cdpPort());
    if (lease.expiresAt().isPresent()) {
      double at = lease.expiresAt().getAsDouble();
      long in = Math.max(0, Math.round(at - System.currentTimeMillis() / 1000.0));
      out.printf("  expires:    %s (in %d s without a heartbeat)%n",
          CLOCK.format(Instant.ofEpochMilli((long) (at * 1000))), in);
    }
    JsonNode dev = lease.json().path("dev_ports");
    if (dev.isObject()) {
      out.printf("  dev ports:  frontend %s, backend %s, postgres %s%n", dev.path("frontend").asText(),
          dev.path("backend").asText(), dev.path("postgres").asText());
    }
    out.flush();
  }

  /** The lease's DevTools HTTP base: its relayed one, or the browser's own (escarp 1.x daemons, direct mode). */
  private static String httpBase(LeaseRecord lease) {
    return lease.json().path("cdp_http_url").asText("http://127.0.0.1:" + lease.cdpPort());
  }

  /** A paste-ready preamble: which browser is the agent's, and how to address it. */
  public static void printPrompt(LeaseRecord lease, PrintWriter out) {
    JsonNode json = lease.json();
    String app = json.path("cua_app_name").asText("");
    String bundle = json.path("cua_app_bundle_id").asText("");
    out.println();
    out.println("----- paste into your agent -----");
    out.printf("You have been lent escarp browser slot %d. Use only this browser.%n", lease.slot());
    if (!bundle.isEmpty()) {
      out.printf("For computer use, target the app \"%s\" (bundle id %s); never another Chrome window.%n",
          app, bundle);
    } else if (json.path("os_window_id").isNumber()) {
      out.printf("For computer use, the window is OS window %d of process %d.%n",
          json.path("os_window_id").asLong(), json.path("owner_pid").asLong());
    }
    out.printf("For automation, connect over CDP: %s%n", lease.cdpWsUrl().orElse("(not answering)"));
    out.printf("  (Playwright: chromium.connectOverCDP('%s'); chrome-devtools-mcp: --wsEndpoint=%s)%n",
        httpBase(lease), lease.cdpWsUrl().orElse("<cdp_ws_url>"));
    if (httpBase(lease).contains("/cdp/")) {
      out.println("These endpoints are this lease's own: they stop working when the lease ends.");
    }
    JsonNode dev = json.path("dev_ports");
    if (dev.isObject()) {
      out.printf("Run your dev servers on ports %s (frontend), %s (backend), %s (postgres).%n",
          dev.path("frontend").asText(), dev.path("backend").asText(), dev.path("postgres").asText());
    }
    out.println("Leave the browser open when done; it is reset for the next holder.");
    out.println("----------------------------------");
    out.flush();
  }
}

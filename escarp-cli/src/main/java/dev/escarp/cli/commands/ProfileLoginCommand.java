package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.LeaseRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.LeaseIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code escarp profile login NAME --url URL}: lease a browser with the profile (made empty if new),
 * open the URL, let a person log in, then save the lease's logins into the profile and release.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = {"Log in once, by hand, and keep the login as a profile.",
        "Leases a browser with the profile (created empty if new), opens URL there and waits: until a",
        "cookie named --until-cookie exists, or a page's URL contains --until-url, or, without either,",
        "until you press Enter. Then the browser's cookies and the localStorage of its sites are saved",
        "into the profile. With a display the pool's browsers are headed windows; without one, log in",
        "through the browser's DevTools (chrome://inspect, or the CDP port this prints)."})
public final class ProfileLoginCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME")
  private String name;

  @Option(names = "--url", required = true, paramLabel = "URL", description = "Where to log in.")
  private URI url;

  @Option(names = "--until-cookie", paramLabel = "COOKIE", description = "Save once a cookie of this name exists.")
  private String untilCookie;

  @Option(names = "--until-url", paramLabel = "TEXT", description = "Save once a page's URL contains TEXT.")
  private String untilUrl;

  @Option(names = "--timeout", paramLabel = "S", defaultValue = "600",
      description = "Give up after S seconds (default: ${DEFAULT-VALUE}); nothing is saved.")
  private double timeoutSeconds;

  @Option(names = "--holder", paramLabel = "H", defaultValue = "escarp-profile-login",
      description = "Holder name shown in status.")
  private String holder;

  private final CliContext context;

  public ProfileLoginCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    BrokerClient broker = context.broker();
    BrokerResult<JsonNode> existing = broker.profileState(name);
    if (existing instanceof BrokerResult.Refused<JsonNode> refused && refused.error().status() == 404) {
      CliContext.orExit(broker.putProfile(name, JsonNodeFactory.instance.objectNode().set("cookies", JsonNodeFactory.instance.arrayNode())));
    }
    LeaseRecord lease = CliContext.orExit(broker.acquire(
        AcquireRequest.anySlot(holder).withIdentity(LeaseIdentity.delegated(name))));
    boolean saved = false;
    Thread heartbeats = heartbeats(broker, lease.leaseToken());
    try (CdpClient browser = CdpClient.connect(URI.create(lease.cdpWsUrl().orElseThrow(
        () -> new CliException(ExitCodes.FAILURE, "the lease has no CDP endpoint")))).get(10, TimeUnit.SECONDS)) {
      browser.send("Target.createTarget", JsonNodeFactory.instance.objectNode().put("url", url.toString()))
          .get(10, TimeUnit.SECONDS);
      context.out().printf("log in at %s in slot %d's browser (CDP port %d)%n", url, lease.slot(), lease.cdpPort());
      context.out().flush();
      if (!waitForLogin(browser)) {
        throw new CliException(ExitCodes.FAILURE, "no login within " + timeoutSeconds + " s; profile " + name
            + " is unchanged");
      }
      CliContext.orExit(broker.release(lease.leaseToken(), true));
      saved = true;
      context.out().println("saved the login into profile " + name
          + "; start a lease with it: escarp acquire --holder NAME --profile " + name);
      return ExitCodes.OK;
    } finally {
      heartbeats.interrupt();
      if (!saved) {
        broker.release(lease.leaseToken());
      }
    }
  }

  private boolean waitForLogin(CdpClient browser) throws Exception {
    if (untilCookie == null && untilUrl == null) {
      context.out().println("press Enter when you are logged in");
      context.out().flush();
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() != null;
    }
    long deadline = System.nanoTime() + Duration.ofMillis(Math.round(timeoutSeconds * 1000)).toNanos();
    while (System.nanoTime() < deadline) {
      if (untilCookie != null) {
        for (JsonNode c : browser.send("Storage.getCookies").get(10, TimeUnit.SECONDS).path("cookies")) {
          if (untilCookie.equals(c.path("name").asText())) {
            return true;
          }
        }
      }
      if (untilUrl != null) {
        for (JsonNode t : browser.send("Target.getTargets").get(10, TimeUnit.SECONDS).path("targetInfos")) {
          if ("page".equals(t.path("type").asText()) && t.path("url").asText().contains(untilUrl)) {
            return true;
          }
        }
      }
      Thread.sleep(250); // a person is typing: a quarter second is soon enough
    }
    return false;
  }

  /** Keeps the lease alive while a person takes their time. */
  private static Thread heartbeats(BrokerClient broker, String token) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(10_000);
          broker.heartbeat(token);
        }
      } catch (InterruptedException done) {
        // the login ended
      }
    }, "escarp-login-heartbeat");
    t.setDaemon(true);
    t.start();
    return t;
  }
}

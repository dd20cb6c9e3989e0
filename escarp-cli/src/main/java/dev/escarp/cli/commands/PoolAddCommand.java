package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.PoolLaunch;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.PoolStatus;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.client.BrokerResult;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code escarp pool add [N]}: launch one more browser and have the running daemon broker it.
 * {@code escarp pool add --remote URL}: broker a browser escarp did not launch (and never will).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a slot to the running pool.",
        "Launches slot N's browser (default: the next slot) and has the daemon broker it.",
        "Persists the new pool size.",
        "With --remote URL: adds a browser escarp did not launch (http://host:port, or its ws:// URL),",
        "saved in pool.json's remote list; escarp never launches or stops it."})
public final class PoolAddCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "N", description = "The slot to add (default: the pool's size).")
  private Integer slot;

  @Option(names = "--no-launch", description = "Do not launch: a browser must already listen on the slot's port.")
  private boolean noLaunch;

  @Option(names = "--remote", paramLabel = "URL",
      description = "A remote browser's DevTools URL: http://host:port (answers /json/version) or ws://host:port/devtools/browser/<id>; a token may go in its query.")
  private String remote;

  @Option(names = "--name", paramLabel = "NAME", description = "The remote's name (default: host-port).")
  private String name;

  @Option(names = "--header", paramLabel = "NAME:VALUE",
      description = "A header sent with every request to the remote (a token, say); repeatable.")
  private List<String> headers = new ArrayList<>();

  private final CliContext context;

  public PoolAddCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (remote != null) {
      return addRemote();
    }
    BrokerClient broker = context.broker();
    PoolStatus status = CliContext.orExit(broker.status());
    int index = slot != null ? slot : firstGap(status);
    if (index < 0) {
      throw new CliException(ExitCodes.USAGE, "slot must be >= 0, got " + index);
    }
    PoolConfig config = context.poolConfig();
    if (!noLaunch) {
      PoolLaunch.Summary launched = new PoolLaunch(context).launch(config,
          List.of(context.layout(config).slot(index)), LaunchOptions.defaults());
      if (!launched.allUp()) {
        throw new CliException(ExitCodes.FAILURE, "slot " + index + "'s browser did not start");
      }
    }
    SlotRecord added = CliContext.orExit(broker.poolAdd(index));
    context.out().printf("slot %d added (cdp port %d)%n", added.slot(), added.cdpPort());
    if (index >= config.poolSize()) {
      context.poolConfigStore().save(config.withPoolSize(index + 1));
      context.out().printf("pool size is now %d (pool.json)%n", index + 1);
    }
    return ExitCodes.OK;
  }

  private int addRemote() {
    RemoteBrowser browser;
    try {
      URI url = URI.create(remote.strip());
      browser = new RemoteBrowser(name != null ? name : RemoteBrowser.nameFor(url), url, parsedHeaders());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    PoolConfig config = context.poolConfig();
    if (config.remotes().stream().anyMatch(r -> r.name().equals(browser.name()))) {
      throw new CliException(ExitCodes.USAGE, "pool.json already has a remote named " + browser.name()
          + "; pick another with --name");
    }
    BrokerResult<SlotRecord> added = context.broker().poolAddRemote(browser.name(), browser.url().toString(),
        browser.headers());
    if (added instanceof BrokerResult.Unreachable<SlotRecord>) {
      context.out().printf("no daemon running: remote %s saved; the daemon brokers it when it starts%n", browser.name());
    } else {
      SlotRecord record = CliContext.orExit(added);
      context.out().printf("slot %d added: remote %s (%s)%n", record.slot(), browser.name(), browser.displayUrl());
    }
    List<RemoteBrowser> remotes = new ArrayList<>(config.remotes());
    remotes.add(browser);
    context.poolConfigStore().save(config.withRemotes(remotes));
    context.out().printf("pool.json lists %d remote browser(s)%n", remotes.size());
    return ExitCodes.OK;
  }

  private Map<String, String> parsedHeaders() {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header must be NAME:VALUE, got a value without a name");
      }
      parsed.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    return parsed;
  }

  private static int firstGap(PoolStatus status) {
    int index = 0;
    while (status.slot(index).isPresent()) {
      index++;
    }
    return index;
  }
}

package dev.escarp.broker.daemon;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.approval.Approvals;
import dev.escarp.broker.approval.SupervisedSaveBack;
import dev.escarp.broker.evidence.Evidence;
import dev.escarp.broker.evidence.LeaseEndings;
import dev.escarp.broker.console.Console;
import dev.escarp.broker.console.Controllers;
import dev.escarp.broker.console.TrafficHold;
import dev.escarp.broker.filters.ApiFilters;
import dev.escarp.broker.http.HttpApiServer;
import dev.escarp.broker.http.StreamingMount;
import dev.escarp.broker.mcp.McpEndpoint;
import dev.escarp.broker.mcp.McpOptions;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.metrics.BrokerMetrics;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.broker.pool.BrowserHealer;
import dev.escarp.broker.pool.BrowserReadiness;
import dev.escarp.broker.pool.HealthSweep;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.broker.profiles.CleanSlots;
import dev.escarp.broker.profiles.ProfileStore;
import dev.escarp.broker.relay.LeaseRelay;
import dev.escarp.broker.routes.ApiRoutes;
import dev.escarp.broker.routes.ProfileAcquire;
import dev.escarp.broker.routes.HumanLoop;
import dev.escarp.broker.routes.LeaseEndpoints;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.broker.webdriver.WebDriverLeases;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.RemoteProbe;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.files.LoadedPoolConfig;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseTableBuilder;
import dev.escarp.core.lease.LeaseThreads;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.wire.SlotRecordWriter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The escarp daemon, wired: pool configuration, the lease table (with its journal and a CDP
 * resetter), browser discovery, the health sweep and the HTTP API. {@link #start} boots and
 * serves; {@link #close} stops serving, keeps the journal, releases flocks and leaves every
 * browser running.
 */
public final class Daemon implements AutoCloseable {

  private final DaemonConfig config;
  private final Map<String, String> env;
  private final PrintStream out;
  private LeaseTable table;
  private LeaseThreads leaseThreads;
  private CdpSlotResetter resetter;
  private AuthProfiles profiles;
  private Evidence evidence;
  private HealthSweep sweep;
  private BrowserHealer healer;
  private RemoteProbe remoteProbe;
  private WebDriverLeases webdrivers;
  private HttpApiServer server;
  private McpEndpoint mcp;
  private volatile Console console; // read by /metrics on event loops
  private ExecutorService blocking;
  private Callers callers;
  private DaemonPidFile pidFile;
  private int port = -1;
  private boolean closed;

  public Daemon(DaemonConfig config, Map<String, String> env, PrintStream out) {
    this.config = config;
    this.env = Map.copyOf(env);
    this.out = out;
  }

  /** Boots and starts serving; returns the port it got. */
  public synchronized int start() throws IOException, InterruptedException {
    if (PrivateFiles.privateHome(config.home().root())) {
      out.println("note: " + config.home().root() + " was readable by others; made it private to its user (0700)");
    }
    LoadedPoolConfig loaded = new PoolConfigStore(config.home()).load(env);
    loaded.problems().forEach(p -> out.println("warning: " + p));
    PoolConfig pool = loaded.config();
    SlotLayout layout = SlotLayout.of(config.home(), pool);

    BackendSettings backends = BackendSettings.fromEnvironment(env);
    VersionProbe probe = VersionProbe.create(Duration.ofMillis(500));
    remoteProbe = RemoteProbe.create(probe.timeout());
    Host host = Host.current().withEnv(env);
    BrowserProcesses processes = new BrowserProcesses(config.home(), host);
    BrowserDirectory browsers = new BrowserDirectory(probe, processes, remoteProbe,
        Optional.of(config.home().root().resolve("lease-news.json")));
    resetter = new CdpSlotResetter(config.resetPolicy(), DaemonConfig.resetStrategy(env), probe,
        CdpClientOptions.defaults(), CdpSlotResetter.DEFAULT_SETTLE);
    // Remembers which slots were wiped, so a profile loads into a clean slot without a second wipe.
    CleanSlots cleanSlots = new CleanSlots(resetter, config.resetPolicy().wireName());
    profiles = new AuthProfiles(ProfileStore.of(config.home().root(), env), probe, resetter, cleanSlots,
        java.time.Clock.systemUTC());
    List<Slot> slots = layout.slots(pool.poolSize());
    // Browsers escarp did not launch: slots after the local ones, never launched, healed or stopped.
    List<Slot> remoteSlots = layout.remoteSlots(pool.poolSize(), pool.remotes());
    List<Slot> allSlots = new ArrayList<>(slots);
    allSlots.addAll(remoteSlots);
    // Discovery waits on browsers; building the lease table (which binds flock natively) does
    // not: overlap them, and wait for every slot at once rather than one after another.
    List<CompletableFuture<ProbeResult>> discovered = discoverAll(browsers, allSlots);
    leaseThreads = LeaseThreads.start("escarp-lease", Math.max(1, Math.min(8, pool.poolSize())));
    AtomicInteger threads = new AtomicInteger();
    blocking = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "escarp-api-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Humans in the loop: supervised approvals, and what each lease's end keeps before its reset.
    Approvals approvals = new Approvals(leaseThreads.scheduler());
    // With lease-scoped endpoints, a lease is watched from its holder's first relayed connection.
    evidence = new Evidence(config.home().root().resolve("evidence"), evidenceKeep(), config.relay(), browsers,
        blocking, java.time.Clock.systemUTC());
    LeaseEndings endings = new LeaseEndings(List.of(new SupervisedSaveBack(approvals, profiles), evidence),
        java.time.Clock.systemUTC());
    callers = Callers.fromEnvironment(config.apiToken(), config.home().clientsFile(), env);
    LeaseTableBuilder tableBuilder = LeaseTable.builder(layout, pool.poolSize())
        .threads(leaseThreads)
        .admission(callers)
        .resetter(endings.around(cleanSlots))
        .observer(endings)
        .defaultIdentity(LeaseIdentity.autonomous(config.resetPolicy().wireName()))
        .readiness(new BrowserReadiness(browsers))
        .extraSlots(remoteSlots)
        .preference(backends.preference().comparator())
        .leaseTtl(config.leaseTtl());
    config.maxLeaseLife().ifPresent(tableBuilder::maxLeaseLife);
    table = tableBuilder
        .journal(config.home().leaseJournalFile())
        .ownerName("escarp-daemon")
        .build();

    List<ProbeResult> found = new ArrayList<>();
    for (CompletableFuture<ProbeResult> slot : discovered) {
      found.add(slot.join());
    }
    browsers.refreshProcesses(slots, pool.tier());
    table.start();
    table.problems().forEach(p -> out.println("warning: " + p));
    markSilentSlotsUnhealthy(allSlots, found);
    holdRestoredProfiles();

    CdpSlotResetter counted = resetter;
    BrokerMetrics metrics = new BrokerMetrics(counted::counts, () -> console == null ? 0 : console.capturing());
    if (config.selfHeal()) {
      BinaryLocator binary = new BinaryLocator(host, config.home(), pool.cftBinary());
      VersionProbe launchProbe = VersionProbe.create(Duration.ofSeconds(1));
      healer = new BrowserHealer(table, browsers, display -> new BrowserLauncher(binary, launchProbe, processes, host,
          LaunchOptions.defaults().withDisplay(display)), processes,
          BrowserHealer.Policy.defaults().withHangAfter(DaemonConfig.browserHangAfter(env)));
    }
    BrowserHealer heals = healer;
    sweep = new HealthSweep(table, browsers, config.healthInterval(), slot -> heals != null && heals.owns(slot),
        backends.remoteHealthInterval());
    // Records are rendered on event loops: identities are read at start, then re-read off the loop.
    SlotIdentities identities = SlotIdentities.load(config.home(), Duration.ofSeconds(2), blocking);
    identities.warm(allSlots.stream().map(Slot::index).toList());
    LeaseRelay relay = config.relay()
        ? new LeaseRelay(table, browsers, metrics.relay(), blocking, leaseThreads.scheduler(), config.connectGrace(),
            callers, new ProfileAcquire(table, profiles, blocking), evidence::connected)
        : null;
    webdrivers = new WebDriverLeases(backends.chromedriver(), env.getOrDefault("PATH", ""), evidence::watchNow);
    WebDriverLeases drivers = webdrivers;
    Controllers controllers = new Controllers();
    SlotRecords records = new SlotRecords(browsers, new SlotRecordWriter(identities, pool.tier(),
        config.resetPolicy().wireName()),
        Duration.ofMillis(50), relay != null ? relay : LeaseEndpoints.direct(browsers), approvals::approvalOf,
        drivers::forLease, controllers::of);
    callers.refreshEvery(Duration.ofSeconds(2), leaseThreads.scheduler(), blocking);
    Route api = ApiRoutes.api(new ApiRoutes.Parts(table, browsers, records, sweep, metrics, blocking, callers, profiles),
        Optional.ofNullable(relay).map(LeaseRelay::discovery),
        Optional.of(new HumanLoop(approvals, endings, evidence, leaseThreads.scheduler())), webdrivers);

    mcp = new McpEndpoint(table, records, blocking, McpOptions.fromEnvironment(env, config.leaseTtl()),
        line -> out.println(line), callers);
    console = new Console(table, records, browsers, controllers, relay != null ? relayHold(relay) : TrafficHold.none(),
        blocking, leaseThreads.scheduler(), callers);
    List<StreamingMount> mounts = new ArrayList<>(List.of(new StreamingMount("/mcp", ApiFilters.guard(callers), mcp)));
    mounts.addAll(console.mounts());
    warmUp(browsers, identities, pool);
    server = new HttpApiServer(api, InetAddress.getLoopbackAddress(), config.idleTimeout(),
        config.headerTimeout(), mounts, Optional.of(takeovers(Optional.ofNullable(relay), console)));
    port = server.start(config.apiPort());
    if (relay != null) {
      relay.serving(port);
    }
    pidFile = new DaemonPidFile(config.home().daemonPidFile());
    pidFile.write(ProcessHandle.current().pid(), port);
    sweep.start();
    if (healer != null) {
      healer.start();
    }
    printBanner(allSlots, found);
    return port;
  }

  /** The API wired as the real one over a scratch table, with records, metrics and callers of its own. */
  private void warmUp(BrowserDirectory browsers, SlotIdentities identities, PoolConfig pool)
      throws InterruptedException {
    SlotRecordWriter writer = new SlotRecordWriter(identities, pool.tier(), config.resetPolicy().wireName());
    WarmUp.beforeServing(env, scratch -> ApiRoutes.api(new ApiRoutes.Parts(scratch, browsers,
        new SlotRecords(browsers, writer, Duration.ofMillis(50)), new HealthSweep(scratch, browsers, config.healthInterval()),
        new BrokerMetrics(), blocking, Callers.apiTokenOnly(Optional.empty()), profiles), Optional.empty(),
        Optional.empty(), webdrivers), config.home().root(), out);
  }

  /** {@code ESCARP_EVIDENCE_KEEP}, or the default with a warning when it is not a count. */
  private int evidenceKeep() {
    try {
      return Evidence.keepFromEnvironment(env);
    } catch (IllegalArgumentException e) {
      out.println("warning: " + e.getMessage() + "; keeping the default 50");
      return 50;
    }
  }

  /** The relay holds a lease's traffic while a human drives its page from the console. */
  private static TrafficHold relayHold(LeaseRelay relay) {
    return new TrafficHold() {
      @Override
      public CompletableFuture<Void> hold(int slot) {
        return relay.holdTraffic(slot);
      }

      @Override
      public CompletableFuture<Void> release(int slot) {
        return relay.releaseTraffic(slot);
      }
    };
  }

  /** Per connection: the relay's WebSocket takeover (when on), then the console's live views. */
  private static Supplier<ChannelHandler> takeovers(Optional<LeaseRelay> relay, Console console) {
    Optional<Supplier<ChannelHandler>> relayed = relay.map(LeaseRelay::takeover);
    return () -> new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        // Added where this initializer sits, before the API's handlers are.
        relayed.ifPresent(r -> ch.pipeline().addLast("takeover-relay", r.get()));
        ch.pipeline().addLast("takeover-console", console.liveSocket());
      }
    };
  }

  /** A lease restored from the journal holds its auth profile until it ends, as before the restart. */
  private void holdRestoredProfiles() {
    for (var s : table.snapshot().slots()) {
      s.identity().flatMap(LeaseIdentity::profile).ifPresent(name ->
          table.whenEnded(s.index()).ifPresent(ended -> profiles.holdRestored(name, ended)));
    }
  }

  /** A free slot whose browser did not answer discovery shows so at once; the sweep brings it back. */
  private void markSilentSlotsUnhealthy(List<Slot> slots, List<ProbeResult> found) {
    for (int i = 0; i < slots.size(); i++) {
      if (found.get(i) instanceof ProbeResult.NothingThere nothing) {
        table.markUnhealthy(slots.get(i).index(), BrowserReadiness.notAnswering(slots.get(i), nothing));
      }
    }
  }

  /** Discovers every slot's browser, each on its own short-lived thread. */
  private List<CompletableFuture<ProbeResult>> discoverAll(BrowserDirectory browsers, List<Slot> slots) {
    List<CompletableFuture<ProbeResult>> discovered = new ArrayList<>();
    for (Slot slot : slots) {
      CompletableFuture<ProbeResult> result = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try {
          result.complete(browsers.discover(slot, config.discoveryWait()));
        } catch (InterruptedException e) {
          result.complete(new ProbeResult.NothingThere(slot.cdpPort(), "interrupted"));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }, "escarp-discovery-" + slot.index());
      thread.setDaemon(true);
      thread.start();
      discovered.add(result);
    }
    return discovered;
  }

  public synchronized int port() {
    return port;
  }

  /** Live MCP sessions at {@code /mcp}. */
  public synchronized int mcpSessions() {
    return mcp == null ? 0 : mcp.sessions();
  }

  /** The web console (live views and control), once started. */
  public synchronized Console console() {
    return console;
  }

  public synchronized LeaseTable table() {
    return table;
  }

  private void printBanner(List<Slot> slots, List<ProbeResult> found) {
    out.printf("%-5s %-9s %-22s %s%n", "slot", "cdp port", "dev ports (fe/be/pg)", "browser");
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      String browser = found.get(i) instanceof ProbeResult.Found f
          ? f.browser().webSocketDebuggerUrl().toString()
          : "not answering (" + ((ProbeResult.NothingThere) found.get(i)).reason() + ")";
      if (!s.isLocal()) {
        browser = "remote " + s.remote().get().name() + " (" + s.remote().get().displayUrl() + "): " + browser;
      }
      out.printf("%-5d %-9d %-22s %s%n", s.index(), s.cdpPort(),
          s.devPorts().frontend() + "/" + s.devPorts().backend() + "/" + s.devPorts().postgres(), browser);
    }
    out.println("escarp daemon serving on http://127.0.0.1:" + port + " (pid " + ProcessHandle.current().pid() + ")");
    out.flush();
  }

  /** Stops serving; keeps the journal; releases flocks; never touches a browser. Idempotent. */
  @Override
  public synchronized void close() {
    if (callers != null) {
      callers.stop();
    }
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.close();
    }
    if (mcp != null) {
      mcp.close(); // MCP sessions live in memory: their leases are released, not left to expire
    }
    if (console != null) {
      console.close();
    }
    if (healer != null) {
      healer.close(); // a relaunch in progress is ended before anything it needs closes
    }
    if (sweep != null) {
      sweep.close();
    }
    if (table != null) {
      table.close(); // waits for resets in progress, so the resetter closes after it
    }
    if (leaseThreads != null) {
      leaseThreads.close();
    }
    if (webdrivers != null) {
      webdrivers.close(); // a chromedriver is the daemon's child: it does not outlive the daemon
    }
    if (profiles != null) {
      profiles.close();
    }
    if (evidence != null) {
      evidence.close();
    }
    if (resetter != null) {
      resetter.close();
    }
    if (remoteProbe != null) {
      remoteProbe.close();
    }
    if (blocking != null) {
      blocking.shutdownNow();
      try {
        blocking.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pidFile != null) {
      pidFile.removeIfOurs(ProcessHandle.current().pid());
    }
  }
}

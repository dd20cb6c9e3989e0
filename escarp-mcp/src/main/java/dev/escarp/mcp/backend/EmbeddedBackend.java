package dev.escarp.mcp.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.LoadedPoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.core.wire.SlotRecordValues;
import dev.escarp.core.wire.SlotRecordWriter;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.lease.PoolView;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.lease.StatusOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Leases without a daemon: claims a slot through escarp-core's flock allocator (so it coexists
 * with daemons, harnesses and other shims on the same pool), starts the slot's browser when
 * nothing answers on its port, resets it on release. The claim dies with this process, so a killed
 * shim frees its slot at once; the next claimant sees it was not reset and resets it first.
 */
final class EmbeddedBackend implements LeaseBackend {

  /** A flock lives as long as its process: there is no time after which a held slot is sure to be free. */
  private static final OptionalDouble NO_EXPIRY = OptionalDouble.empty();

  private final SlotLayout layout;
  private final int poolSize;
  private final SlotAllocator allocator;
  private final BrowserLauncher launcher;
  private final VersionProbe probe;
  private final CdpSlotResetter resetter;
  private final SlotRecordWriter records;
  private final Map<Integer, EmbeddedLease> mine = new ConcurrentHashMap<>();
  private final EmbeddedHealer healer;

  public EmbeddedBackend(SlotLayout layout, int poolSize, SlotAllocator allocator, BrowserLauncher launcher,
      VersionProbe probe, CdpSlotResetter resetter, SlotIdentities identities) {
    this(layout, poolSize, allocator, launcher, probe, resetter, identities, line -> { });
  }

  /** @param log where the healer says what it did (the shim's stderr) */
  public EmbeddedBackend(SlotLayout layout, int poolSize, SlotAllocator allocator, BrowserLauncher launcher,
      VersionProbe probe, CdpSlotResetter resetter, SlotIdentities identities, Consumer<String> log) {
    this.healer = new EmbeddedHealer(mine::values, probe, launcher, log);
    this.layout = layout;
    this.poolSize = poolSize;
    this.allocator = allocator;
    this.launcher = launcher;
    this.probe = probe;
    this.resetter = resetter;
    this.records = new SlotRecordWriter(identities, layout.tier());
  }

  /** Wired from the environment: ESCARP_HOME, pool.json and its overrides, ESCARP_RESET_POLICY. */
  public static EmbeddedBackend fromEnvironment(Map<String, String> env, Consumer<String> warn) {
    EscarpHome home = EscarpHome.fromEnvironment(env);
    LoadedPoolConfig loaded = new PoolConfigStore(home).load(env);
    loaded.problems().forEach(warn);
    PoolConfig pool = loaded.config();
    Host host = Host.current().withEnv(env);
    // Status only shows what answers quickly; but before deciding that a slot's browser is not
    // running (and starting one) wait longer: a busy browser on a loaded machine can take seconds.
    VersionProbe probe = VersionProbe.create(Duration.ofMillis(500));
    VersionProbe patientProbe = VersionProbe.create(Duration.ofSeconds(3));
    BrowserLauncher launcher = new BrowserLauncher(new BinaryLocator(host, home, pool.cftBinary()), patientProbe,
        new BrowserProcesses(home, host), host, LaunchOptions.defaults());
    ResetPolicy policy = ResetPolicy.TABS;
    String configured = env.get("ESCARP_RESET_POLICY");
    if (configured != null && !configured.isBlank()) {
      try {
        policy = ResetPolicy.parse(configured);
      } catch (IllegalArgumentException e) {
        warn.accept("ESCARP_RESET_POLICY: " + e.getMessage() + "; using tabs");
      }
    }
    return new EmbeddedBackend(SlotLayout.of(home, pool), pool.poolSize(), new SlotAllocator(Clock.system()),
        launcher, probe, new CdpSlotResetter(policy, patientProbe, CdpClientOptions.defaults()),
        SlotIdentities.load(home, Duration.ofSeconds(2)), warn);
  }

  @Override
  public String mode() {
    return "embedded";
  }

  /** What the pool's lock files say: free, held by this shim, or held by another process. */
  @Override
  public StatusOutcome status() {
    List<Slot> slots = layout.slots(poolSize);
    List<CompletableFuture<ProbeResult>> browsers = slots.stream().map(s -> probe.probeAsync(s.cdpPort())).toList();
    List<ObjectNode> shown = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      EmbeddedLease own = mine.get(slot.index());
      if (own != null) {
        shown.add(own.record());
        continue;
      }
      Optional<String> ws = browsers.get(i).join().version().map(v -> v.webSocketDebuggerUrl().toString());
      Optional<SlotHolder> holder = allocator.holderOf(slot);
      OptionalLong holderPid = holder.filter(h -> h.pid() > 0).map(h -> OptionalLong.of(h.pid()))
          .orElse(OptionalLong.empty());
      SlotState state = holder.isPresent() ? SlotState.EXTERNAL : SlotState.FREE;
      shown.add(records.publicRecord(SlotRecordValues.of(slot, state)
          .browser(ws, -1)
          .holder(holder.flatMap(SlotHolder::holder), holderPid)
          .availableAfter(holder.isPresent() ? NO_EXPIRY : OptionalDouble.of(0))
          .build()));
    }
    return new StatusOutcome.Seen(new PoolView(poolSize, OptionalDouble.empty(), shown));
  }

  @Override
  public AcquireOutcome acquire(AcquireRequest request) {
    if (request.identity().flatMap(dev.escarp.core.lease.LeaseIdentity::profile).isPresent()) {
      return refused("profiles_need_daemon", "Auth profiles are kept and loaded by the escarp daemon, and none "
          + "runs: start it (escarp up), or call escarp_acquire without profile.");
    }
    List<Slot> wanted;
    if (request.slot().isPresent()) {
      int index = request.slot().getAsInt();
      if (index < 0 || index >= poolSize) {
        return refused("unknown_slot", "Slot " + index + " is not in the pool (slots 0.." + (poolSize - 1)
            + "). Call escarp_status to see the pool, or leave slot out to get the lowest free one.");
      }
      wanted = List.of(layout.slot(index));
    } else {
      wanted = layout.slots(poolSize);
    }
    Optional<SlotClaim> claimed;
    try {
      claimed = allocator.claim(wanted, request.holder(), request.maxWait().orElse(Duration.ZERO));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refused("interrupted", "The shim is shutting down.");
    }
    if (claimed.isEmpty()) {
      return refused(wanted);
    }
    return prepare(claimed.get(), request);
  }

  /** Starts the browser if needed, resets it if the last holder did not, and hands it out. */
  private AcquireOutcome prepare(SlotClaim claim, AcquireRequest request) {
    Slot slot = claim.slot();
    LaunchResult launched = launcher.launch(slot);
    if (launched instanceof LaunchResult.Failed failed) {
      if (!claim.needsReset()) {
        claim.markClean(); // nothing was done to the browser: the slot is as clean as we found it
      }
      claim.close();
      return refused("browser_unavailable", "Slot " + slot.index() + "'s browser is not running and could not be "
          + "started: " + failed.reason());
    }
    if (claim.needsReset()) {
      try {
        resetter.reset(slot);
      } catch (Exception e) {
        claim.close(); // still marked in_use: the next claimant tries the reset again
        return refused("reset_failed", "Slot " + slot.index() + " was left dirty by a holder that died, and "
            + "resetting its browser failed (" + e.getMessage() + "). Try again, or ask for another slot.");
      }
    }
    long browserPid = launched instanceof LaunchResult.Launched l ? l.pid() : -1;
    String ws = launched instanceof LaunchResult.Launched l ? l.version().webSocketDebuggerUrl().toString()
        : ((LaunchResult.Skipped) launched).version().webSocketDebuggerUrl().toString();
    ObjectNode record = records.publicRecord(SlotRecordValues.of(slot, SlotState.LEASED)
        .browser(Optional.of(ws), browserPid)
        .holder(Optional.of(request.holder()), OptionalLong.of(allocator.pid()))
        .devPort(request.devPort())
        .times(Optional.of(claim.since()), Optional.empty(), Optional.empty()) // a flock has no expiry
        .availableAfter(NO_EXPIRY)
        .build());
    EmbeddedLease lease = new EmbeddedLease(claim, resetter, resetter.policy().wireName(), record,
        () -> mine.remove(slot.index()));
    mine.put(slot.index(), lease);
    return new AcquireOutcome.Granted(lease);
  }

  /** Every wanted slot is held: say by whom. Flocks have no expiry, so there is no retry time. */
  private AcquireOutcome refused(List<Slot> wanted) {
    List<String> holders = new ArrayList<>();
    for (Slot slot : wanted) {
      Optional<SlotHolder> holder = allocator.holderOf(slot);
      holders.add("slot " + slot.index() + holder.map(EmbeddedBackend::describe).orElse(" (just freed)"));
    }
    if (wanted.size() == 1) {
      return refused("slot_leased", "Slot " + wanted.get(0).index() + " is held: " + holders.get(0)
          + ". Leave slot out to get the lowest free slot, or wait for this one with wait_s.");
    }
    return refused("pool_exhausted", "No browser is free: every slot is held (" + String.join(", ", holders)
        + "). Holders without a daemon keep a slot until they release it or exit, so there is no expiry to wait "
        + "for: retry later, or call escarp_acquire again with wait_s.");
  }

  private static String describe(SlotHolder holder) {
    return " by " + holder.holder().map(h -> "'" + h + "'").orElse("another process")
        + (holder.pid() > 0 ? " (pid " + holder.pid() + ")" : "");
  }

  private static AcquireOutcome refused(String error, String message) {
    return new AcquireOutcome.Refused(Refusal.of(error, message));
  }

  @Override
  public void close() {
    healer.close();
    resetter.close();
  }
}

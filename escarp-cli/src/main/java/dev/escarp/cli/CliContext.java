package dev.escarp.cli;

import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerLocator;
import dev.escarp.client.BrokerResult;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.LoadedPoolConfig;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.SlotLayout;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What every command works with: the environment (never read from {@code System.getenv()}
 * directly, so tests run commands in-process against their own ESCARP_HOME), stdout, stderr, and
 * factories for the parts commands use.
 */
public final class CliContext {

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final EscarpHome home;
  private final JavaLauncher java;

  public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, JavaLauncher java) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.home = EscarpHome.fromEnvironment(this.env);
    this.java = java;
  }

  public Map<String, String> env() {
    return env;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public EscarpHome home() {
    return home;
  }

  /** How to start another JVM running escarp (the background daemon). */
  public JavaLauncher java() {
    return java;
  }

  public Host host() {
    return Host.current().withEnv(env);
  }

  public PoolConfigStore poolConfigStore() {
    return new PoolConfigStore(home);
  }

  /** pool.json with the environment's overrides; problems are warned about once, on stderr. */
  public PoolConfig poolConfig() {
    LoadedPoolConfig loaded = poolConfigStore().load(env);
    loaded.problems().forEach(p -> err.println("escarp: warning: " + p));
    return loaded.config();
  }

  public SlotLayout layout(PoolConfig config) {
    return SlotLayout.of(home, config);
  }

  public BrokerLocator locator() {
    return new BrokerLocator(env, home, Duration.ofSeconds(30));
  }

  /** A client for the daemon, wherever it is. */
  public BrokerClient broker() {
    return locator().client();
  }

  public VersionProbe probe() {
    return VersionProbe.create(Duration.ofMillis(500));
  }

  public BrowserProcesses browserProcesses() {
    return new BrowserProcesses(home, host());
  }

  public BrowserLauncher launcher(PoolConfig config, LaunchOptions options) {
    Host host = host();
    return new BrowserLauncher(new BinaryLocator(host, home, config.cftBinary()), probe(),
        browserProcesses(), host, options);
  }

  public Optional<String> setting(String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The value of a broker call, or the exit that its failure means. */
  public static <T> T orExit(BrokerResult<T> result) {
    if (result instanceof BrokerResult.Ok<T> ok) {
      return ok.payload();
    }
    if (result instanceof BrokerResult.Refused<T> refused) {
      int code = refused.error().status() == 409 ? ExitCodes.TAKEN : ExitCodes.FAILURE;
      throw new CliException(code, refused.error().message().isEmpty()
          ? refused.error().error() : refused.error().message());
    }
    throw new CliException(ExitCodes.UNREACHABLE, result.failureMessage());
  }
}

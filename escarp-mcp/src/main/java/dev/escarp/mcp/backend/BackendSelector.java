package dev.escarp.mcp.backend;

import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerLocator;
import dev.escarp.mcp.lease.LeaseBackend;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chooses the backend once, at start: a forced mode is taken as it is (a forced daemon that does
 * not answer yields {@code broker_unreachable} tool results, not a dead shim); {@code auto} asks
 * the daemon {@link BrokerLocator} finds whether it serves, and works alone when none does.
 */
public final class BackendSelector {

  private final Map<String, String> env;
  private final Consumer<String> log;

  public BackendSelector(Map<String, String> env, Consumer<String> log) {
    this.env = Map.copyOf(env);
    this.log = Objects.requireNonNull(log, "log");
  }

  public LeaseBackend open(Mode mode) {
    BrokerLocator locator = BrokerLocator.fromEnvironment(env);
    return switch (mode) {
      case DAEMON -> {
        BrokerLocator.Location at = locator.locate();
        log.accept("daemon mode: leasing from the escarp daemon at " + at.uri() + " (" + at.source() + ")");
        yield new DaemonBackend(locator.client(at.uri()));
      }
      case EMBEDDED -> embedded("embedded mode (forced)");
      case AUTO -> {
        BrokerLocator.Location at = locator.locate();
        BrokerClient client = locator.client(at.uri());
        if (client.isServing()) {
          log.accept("daemon mode: an escarp daemon serves at " + at.uri() + " (" + at.source() + ")");
          yield new DaemonBackend(client);
        }
        yield embedded("embedded mode: no escarp daemon answers (looked at " + at.uri() + ")");
      }
    };
  }

  private LeaseBackend embedded(String why) {
    EmbeddedBackend backend = EmbeddedBackend.fromEnvironment(env, p -> log.accept("warning: " + p));
    log.accept(why + "; claiming slots directly in " + locatorHome());
    return backend;
  }

  private String locatorHome() {
    return BrokerLocator.fromEnvironment(env).home().root().toString();
  }
}

package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.slot.Slot;

/** escarp's own browsers: {@code GET http://127.0.0.1:<cdp_port>/json/version}. */
final class LocalBackend implements Backend {

  private final VersionProbe probe;

  LocalBackend(VersionProbe probe) {
    this.probe = probe;
  }

  @Override
  public String name() {
    return Slot.LOCAL;
  }

  @Override
  public ProbeResult probe(Slot slot) {
    return probe.probe(slot.cdpPort());
  }

  @Override
  public boolean launchedByEscarp() {
    return true;
  }
}

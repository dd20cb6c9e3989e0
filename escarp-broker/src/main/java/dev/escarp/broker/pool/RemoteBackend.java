package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.RemoteProbe;
import dev.escarp.core.slot.Slot;

/**
 * Browsers escarp did not launch: asked at their {@code /json/version} URL, or over their
 * WebSocket URL ({@code Browser.getVersion}) when that is all there is, with their token.
 */
final class RemoteBackend implements Backend {

  private final RemoteProbe probe;

  RemoteBackend(RemoteProbe probe) {
    this.probe = probe;
  }

  @Override
  public String name() {
    return Slot.REMOTE;
  }

  @Override
  public ProbeResult probe(Slot slot) {
    return probe.probe(slot.remote().orElseThrow(() -> new IllegalArgumentException("slot " + slot.index()
        + " is not a remote slot")));
  }

  @Override
  public boolean launchedByEscarp() {
    return false;
  }
}

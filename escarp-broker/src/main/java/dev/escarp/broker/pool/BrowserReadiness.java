package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotReadiness;
import java.util.Optional;

/**
 * A slot is ready when its browser answers {@code GET /json/version} on its CDP port right now
 * (about a millisecond on loopback; at most the probe's timeout). The answer is remembered in the
 * {@link BrowserDirectory}, so a lease records the browser's current WebSocket URL. Blocks: the
 * lease table calls it off the event loops and outside its lock.
 */
public final class BrowserReadiness implements SlotReadiness {

  private final BrowserDirectory browsers;

  public BrowserReadiness(BrowserDirectory browsers) {
    this.browsers = browsers;
  }

  @Override
  public Optional<String> problem(Slot slot) {
    ProbeResult result = browsers.probe().probe(slot.cdpPort());
    browsers.record(slot.index(), result);
    if (result instanceof ProbeResult.NothingThere nothing) {
      return Optional.of(notAnswering(slot, nothing));
    }
    return Optional.empty();
  }

  /** The reason an unhealthy slot shows, the same from this check, the daemon's start and the sweep. */
  public static String notAnswering(Slot slot, ProbeResult.NothingThere nothing) {
    return "browser not answering on port " + slot.cdpPort() + ": " + nothing.reason();
  }
}

package dev.escarp.cdp.reset;

import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.discovery.VersionProbe;

/**
 * The stock CDP resetters, in one line each, for {@code EscarpPool.builder().resetter(...)}:
 *
 * <pre>{@code
 * try (CdpSlotResetter resetter = CdpResetters.clean();
 *      EscarpPool pool = EscarpPool.builder().resetter(resetter).build()) { ... }
 * }</pre>
 *
 * Each is a {@link CdpSlotResetter} with the default probe, client options and settle time, as
 * escarp's daemon builds it; close it when the pool is no longer used (it may own a thread).
 */
public final class CdpResetters {

  private CdpResetters() {}

  /** Tabs closed, then cookies, storage of every origin, the HTTP cache and extra contexts wiped. */
  public static CdpSlotResetter clean() {
    return of(ResetPolicy.CLEAN);
  }

  /** Tabs closed (one {@code about:blank} left); cookies and storage stay, as in escarp 1.x. */
  public static CdpSlotResetter tabs() {
    return of(ResetPolicy.TABS);
  }

  /** The stock resetter for this policy. */
  public static CdpSlotResetter of(ResetPolicy policy) {
    return new CdpSlotResetter(policy, VersionProbe.create(), CdpClientOptions.defaults());
  }
}

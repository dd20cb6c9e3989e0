package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.core.slot.Slot;

/**
 * Where a slot's browser comes from, and how it is asked whether it is there: the one seam that
 * differs between {@code local} slots (escarp's own detached browsers on loopback, launched and
 * healed by escarp) and {@code remote} ones (a browser escarp did not launch: it is leased, relayed,
 * reset and probed like the others, never launched, relaunched or stopped). Everything else (lease
 * table, relay, resets) treats both alike.
 */
public interface Backend {

  /** {@code local} or {@code remote}, as {@code /status} and {@code /metrics} name it. */
  String name();

  /** Asks the slot's browser for its version: blocks, bounded by the probe's timeout; never throws. */
  ProbeResult probe(Slot slot);

  /** Whether escarp launched this backend's browsers, and so may relaunch or stop them. */
  boolean launchedByEscarp();
}

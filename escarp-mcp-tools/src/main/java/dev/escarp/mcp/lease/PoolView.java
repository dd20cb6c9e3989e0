package dev.escarp.mcp.lease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The pool as a backend sees it: every slot in the public-record form, by slot.
 *
 * @param leaseTtlSeconds the daemon's lease TTL; empty in embedded mode, where leases do not expire
 */
public record PoolView(int poolSize, OptionalDouble leaseTtlSeconds, List<ObjectNode> slots) {

  public PoolView {
    Objects.requireNonNull(leaseTtlSeconds, "leaseTtlSeconds");
    slots = List.copyOf(slots);
  }
}

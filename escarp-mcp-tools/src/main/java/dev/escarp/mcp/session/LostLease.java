package dev.escarp.mcp.session;

import java.time.Instant;
import java.util.Objects;

/** A lease this session had and lost without releasing it: which slot, why, and when it was noticed. */
public record LostLease(int slot, String reason, Instant noticedAt) {

  public LostLease {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(noticedAt, "noticedAt");
  }
}

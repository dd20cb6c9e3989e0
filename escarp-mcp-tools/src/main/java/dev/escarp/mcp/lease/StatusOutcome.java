package dev.escarp.mcp.lease;

import java.util.Objects;

/** What asking a backend for the pool came to. */
public sealed interface StatusOutcome permits StatusOutcome.Seen, StatusOutcome.Refused {

  record Seen(PoolView pool) implements StatusOutcome {
    public Seen {
      Objects.requireNonNull(pool, "pool");
    }
  }

  record Refused(Refusal refusal) implements StatusOutcome {
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
    }
  }
}

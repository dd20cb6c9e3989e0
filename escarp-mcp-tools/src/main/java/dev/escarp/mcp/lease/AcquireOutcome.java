package dev.escarp.mcp.lease;

import java.util.Objects;

/** What asking a backend for a lease came to: a held lease, or a refusal. */
public sealed interface AcquireOutcome permits AcquireOutcome.Granted, AcquireOutcome.Refused {

  record Granted(HeldLease lease) implements AcquireOutcome {
    public Granted {
      Objects.requireNonNull(lease, "lease");
    }
  }

  record Refused(Refusal refusal) implements AcquireOutcome {
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
    }
  }
}

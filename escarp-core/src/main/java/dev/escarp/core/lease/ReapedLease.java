package dev.escarp.core.lease;

import java.time.Instant;

/** A lease the table ended without its holder asking: kept for {@code /reaped}. */
public record ReapedLease(int slot, String holder, String reason, Instant at) {}

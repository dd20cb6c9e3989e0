package dev.escarp.core.lease;

/** No active lease has the presented token: it never existed, was released, or expired. */
public record UnknownLease() implements HeartbeatResult, ReleaseResult {}

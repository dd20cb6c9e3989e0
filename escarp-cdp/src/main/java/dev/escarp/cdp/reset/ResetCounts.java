package dev.escarp.cdp.reset;

/**
 * How a resetter's resets went: {@code reused} took the cheap path (the kept tab, reused);
 * {@code full} opened a new tab, of which {@code fellBack} had tried the cheap path first and could
 * not prove or verify it.
 */
public record ResetCounts(long reused, long full, long fellBack) {}

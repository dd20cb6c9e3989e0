package dev.escarp.cdp.reset;

/**
 * How a resetter's resets went: {@code reused} took the cheap path (the kept tab, reloaded);
 * {@code full} opened a new tab, of which {@code fellBack} had tried the cheap path first and could
 * not prove or verify it; {@code untouched} kept the tab as it was, nothing having touched it since
 * the last reset (not counted in the others).
 */
public record ResetCounts(long reused, long full, long fellBack, long untouched) {

  public ResetCounts(long reused, long full, long fellBack) {
    this(reused, full, fellBack, 0);
  }
}

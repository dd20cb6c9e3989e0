package dev.escarp.cdp.reset;

/** A page target as {@code Target.getTargets} lists it. */
record PageTarget(String targetId, String url) {}

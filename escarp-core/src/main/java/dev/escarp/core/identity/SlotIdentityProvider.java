package dev.escarp.core.identity;

import dev.escarp.core.config.EscarpHome;
import java.util.List;
import java.util.Map;

/**
 * A platform's per-slot OS identity (the calibrated window, the per-slot app) for slot and lease
 * records. Found with {@link java.util.ServiceLoader}: a provider module lists its implementation
 * in {@code META-INF/services/dev.escarp.core.identity.SlotIdentityProvider} (and, on the module
 * path, {@code provides}); it needs a public no-arg constructor or a public static
 * {@code provider()} method. escarp-macos provides one today.
 *
 * <p>Thread rules: {@link #read} may be called concurrently and may touch the disk; callers cache
 * its answer (see {@link SlotIdentities}), so it need not.
 */
public interface SlotIdentityProvider {

  /** The fields this provider fills, in wire order. */
  List<String> fields();

  /**
   * What is recorded for the slot under this home: a value per known field; fields it leaves out
   * (or maps to null) are null on the wire. Never throws for a slot with nothing recorded.
   */
  Map<String, Object> read(EscarpHome home, int slot);
}

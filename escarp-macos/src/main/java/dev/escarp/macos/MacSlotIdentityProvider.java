package dev.escarp.macos;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.core.identity.SlotIdentityProvider;
import dev.escarp.macos.bundle.CuaAppIdentity;
import dev.escarp.macos.window.WindowIdentityStore;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each slot's OS identity as escarp-macos left it under $ESCARP_HOME: the calibrated window and
 * the per-slot app bundle. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services}; core caches what it reads.
 */
public final class MacSlotIdentityProvider implements SlotIdentityProvider {

  public MacSlotIdentityProvider() {}

  @Override
  public List<String> fields() {
    return SlotIdentities.FIELDS;
  }

  @Override
  public Map<String, Object> read(EscarpHome home, int slot) {
    Map<String, Object> fields = new LinkedHashMap<>();
    new WindowIdentityStore(home).load(slot).ifPresent(identity -> fields.putAll(identity.wireFields()));
    CuaAppIdentity app = CuaAppIdentity.forSlot(home, slot);
    if (Files.isRegularFile(app.appPath().resolve("Contents").resolve("Info.plist"))) {
      fields.putAll(app.leaseFields());
    }
    return fields;
  }
}

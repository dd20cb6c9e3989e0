package dev.escarp.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.escarp.cdp.reset.ResetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class EscarpSettingsTest {

  private static EscarpSettings read(Map<String, String> parameters) {
    return EscarpSettings.from(name -> Optional.ofNullable(parameters.get(name)));
  }

  @Test
  void nothingSet_givesTheDefaults() {
    EscarpSettings settings = read(Map.of());

    assertEquals(Optional.empty(), settings.home());
    assertEquals(Duration.ofMinutes(2), settings.claimTimeout());
    assertEquals(ResetPolicy.CLEAN, settings.reset());
    assertEquals(Optional.of(Path.of("target", "escarp-evidence")), settings.evidence());
  }

  @Test
  void everySetting_isRead() {
    EscarpSettings settings = read(Map.of(
        "escarp.home", "/tmp/h", "escarp.claim-timeout", "1.5", "escarp.reset", "TABS", "escarp.evidence", "build/evidence"));

    assertEquals(Optional.of(Path.of("/tmp/h")), settings.home());
    assertEquals(Duration.ofMillis(1500), settings.claimTimeout());
    assertEquals(ResetPolicy.TABS, settings.reset());
    assertEquals(Optional.of(Path.of("build/evidence")), settings.evidence());
  }

  @Test
  void claimTimeout_acceptsIso8601() {
    assertEquals(Duration.ofMinutes(3), read(Map.of("escarp.claim-timeout", "PT3M")).claimTimeout());
  }

  @Test
  void aBadValue_isRejectedNamingTheParameterAndTheValue() {
    var e = assertThrows(ExtensionConfigurationException.class, () -> read(Map.of("escarp.claim-timeout", "soon")));
    assertEquals("escarp.claim-timeout must be seconds (\"90\") or ISO-8601 (\"PT2M\"), got 'soon';"
        + " set it in junit-platform.properties or with -Descarp.claim-timeout=...", e.getMessage());

    assertThrows(ExtensionConfigurationException.class, () -> read(Map.of("escarp.claim-timeout", "-1")));
    assertThrows(ExtensionConfigurationException.class, () -> read(Map.of("escarp.reset", "sparkling")));
  }

  @Test
  void evidenceNone_writesNoEvidence() {
    assertEquals(Optional.empty(), read(Map.of("escarp.evidence", "none")).evidence());
  }

  @Test
  void blankValues_countAsUnset() {
    assertEquals(EscarpSettings.defaults(), read(Map.of("escarp.home", " ", "escarp.reset", "")));
  }
}

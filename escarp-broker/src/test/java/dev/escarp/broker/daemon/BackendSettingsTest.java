package dev.escarp.broker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.pool.BackendPreference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

  @Test
  void defaults_localFirst_remotesProbedEverySecond_chromedriverFromPath() {
    BackendSettings settings = BackendSettings.fromEnvironment(Map.of());
    assertEquals(BackendPreference.DEFAULT, settings.preference());
    assertEquals(Duration.ofSeconds(1), settings.remoteHealthInterval());
    assertEquals(Optional.empty(), settings.chromedriver());
  }

  @Test
  void theEnvironmentSetsEach() {
    BackendSettings settings = BackendSettings.fromEnvironment(Map.of("ESCARP_BACKEND_PREFERENCE", "remote,local",
        "ESCARP_REMOTE_HEALTH_INTERVAL_S", "0.25", "ESCARP_CHROMEDRIVER", "/opt/cd"));
    assertEquals(List.of("remote", "local"), settings.preference().order());
    assertEquals(Duration.ofMillis(250), settings.remoteHealthInterval());
    assertEquals(Optional.of("/opt/cd"), settings.chromedriver());
  }

  @Test
  void aBadIntervalIsAnErrorNamingTheVariable() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BackendSettings.fromEnvironment(
        Map.of("ESCARP_REMOTE_HEALTH_INTERVAL_S", "soon"))).getMessage().contains("ESCARP_REMOTE_HEALTH_INTERVAL_S"));
  }
}

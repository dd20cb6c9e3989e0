package dev.escarp.broker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.cdp.reset.ResetStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {

  @Test
  void defaults_matchTheWireContract() {
    DaemonConfig config = DaemonConfig.fromEnvironment(Map.of("ESCARP_HOME", "/tmp/escarp-test"));

    assertEquals(7878, config.apiPort());
    assertEquals(Duration.ofSeconds(60), config.leaseTtl());
    assertEquals(Duration.ZERO, config.discoveryWait());
    assertEquals(Optional.empty(), config.apiToken());
    assertEquals(ResetPolicy.TABS, config.resetPolicy());
    assertEquals(Duration.ofSeconds(60), config.idleTimeout());
    assertEquals(Duration.ofSeconds(10), config.headerTimeout());
    assertTrue(config.selfHeal());
  }

  @Test
  void leaseEndpoints_areRelayedByDefault_directOnRequest_withTheCapAndGraceFromTheEnvironment() {
    DaemonConfig defaults = DaemonConfig.fromEnvironment(Map.of());
    assertEquals(true, defaults.relay());
    assertEquals(java.util.Optional.empty(), defaults.maxLeaseLife());
    assertEquals(java.time.Duration.ofSeconds(10), defaults.connectGrace());
    DaemonConfig set = DaemonConfig.fromEnvironment(Map.of("ESCARP_CDP_ENDPOINT", "direct",
        "ESCARP_MAX_LEASE_S", "3600", "ESCARP_CONNECT_GRACE_S", "2.5"));
    assertEquals(false, set.relay());
    assertEquals(java.util.Optional.of(java.time.Duration.ofHours(1)), set.maxLeaseLife());
    assertEquals(java.time.Duration.ofMillis(2500), set.connectGrace());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonConfig.fromEnvironment(Map.of("ESCARP_CDP_ENDPOINT", "proxy")));
    assertTrue(e.getMessage().contains("ESCARP_CDP_ENDPOINT") && e.getMessage().contains("proxy"), e.getMessage());
  }

  @Test
  void selfHealing_canBeTurnedOff_andABadValueIsNamed() {
    assertEquals(false, DaemonConfig.fromEnvironment(Map.of("ESCARP_SELF_HEAL", "off")).selfHeal());
    assertEquals(true, DaemonConfig.fromEnvironment(Map.of("ESCARP_SELF_HEAL", "on")).selfHeal());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonConfig.fromEnvironment(Map.of("ESCARP_SELF_HEAL", "sometimes")));
    assertTrue(e.getMessage().contains("ESCARP_SELF_HEAL must be on or off, got 'sometimes'"), e.getMessage());
  }

  @Test
  void resetStrategy_isReuseByDefault_fullOnRequest_andABadValueStopsTheStart() {
    assertEquals(ResetStrategy.REUSE, DaemonConfig.resetStrategy(Map.of()));
    assertEquals(ResetStrategy.FULL, DaemonConfig.resetStrategy(Map.of("ESCARP_RESET_STRATEGY", "Full ")));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonConfig.fromEnvironment(Map.of("ESCARP_RESET_STRATEGY", "cheap")));
    assertTrue(e.getMessage().contains("ESCARP_RESET_STRATEGY must be reuse or full, got 'cheap'"), e.getMessage());
  }

  @Test
  void connectionTimeouts_comeFromTheEnvironment_andMustBePositive() {
    DaemonConfig config = DaemonConfig.fromEnvironment(Map.of("ESCARP_IDLE_TIMEOUT_S", "0.5",
        "ESCARP_HEADER_TIMEOUT_S", "2"));
    assertEquals(Duration.ofMillis(500), config.idleTimeout());
    assertEquals(Duration.ofSeconds(2), config.headerTimeout());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonConfig.fromEnvironment(Map.of("ESCARP_IDLE_TIMEOUT_S", "0")));
    assertTrue(e.getMessage().contains("ESCARP_IDLE_TIMEOUT_S must be a number in 0.05..86400, got '0'"),
        e.getMessage());
  }

  @Test
  void environment_setsEveryValue() {
    DaemonConfig config = DaemonConfig.fromEnvironment(Map.of("ESCARP_API_PORT", "7900", "ESCARP_LEASE_TTL_S", "2.5",
        "ESCARP_DISCOVERY_WAIT_S", "3", "ESCARP_API_TOKEN", "t", "ESCARP_RESET_POLICY", "clean"));

    assertEquals(7900, config.apiPort());
    assertEquals(Duration.ofMillis(2500), config.leaseTtl());
    assertEquals(Duration.ofSeconds(3), config.discoveryWait());
    assertEquals(Optional.of("t"), config.apiToken());
    assertEquals(ResetPolicy.CLEAN, config.resetPolicy());
  }

  @Test
  void badValues_areReportedByNameWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonConfig.fromEnvironment(Map.of("ESCARP_API_PORT", "eighty", "ESCARP_LEASE_TTL_S", "-1")));

    assertTrue(e.getMessage().contains("ESCARP_API_PORT must be an integer in 1..65535, got 'eighty'"), e.getMessage());
    assertTrue(e.getMessage().contains("ESCARP_LEASE_TTL_S"), e.getMessage());
  }
}

package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The one set of acquire limits the daemon, the client, the CLI and the MCP shim share. */
class AcquireRequestTest {

  @Test
  void theLimitsThemselves_areAccepted() {
    AcquireRequest request = AcquireRequest.anySlot("h".repeat(AcquireRequest.MAX_HOLDER_LENGTH))
        .withSlot(AcquireRequest.MAX_SLOT).withDevPort(AcquireRequest.MAX_DEV_PORT).withWait(AcquireRequest.MAX_WAIT);

    assertEquals(OptionalInt.of(65535), request.slot());
    assertEquals(Optional.of(Duration.ofSeconds(3600)), request.maxWait());
    assertEquals(OptionalInt.of(1), AcquireRequest.forSlot("a", 0).withDevPort(AcquireRequest.MIN_DEV_PORT).devPort());
  }

  @Test
  void aValueOutOfRange_isRefused_namingTheFieldAndTheValue() {
    assertMessage("holder must not be blank", () -> AcquireRequest.anySlot(" "));
    assertMessage("holder must be at most 200 characters, got 201", () -> AcquireRequest.anySlot("h".repeat(201)));
    assertMessage("slot must be in 0..65535, got -1", () -> AcquireRequest.forSlot("a", -1));
    assertMessage("slot must be in 0..65535, got 65536", () -> AcquireRequest.forSlot("a", 65536));
    assertMessage("dev_port must be in 1..65535, got 0", () -> AcquireRequest.anySlot("a").withDevPort(0));
    assertMessage("wait_s must be in 0..3600 seconds, got -1.0",
        () -> AcquireRequest.anySlot("a").withWait(Duration.ofSeconds(-1)));
    assertMessage("wait_s must be in 0..3600 seconds, got 3600.001",
        () -> AcquireRequest.anySlot("a").withWait(Duration.ofMillis(3_600_001)));
    assertMessage("wait_s must be a number of seconds in 0..3600, got NaN", () -> AcquireRequest.waitOfSeconds(Double.NaN));
  }

  @Test
  void aWaitInSeconds_becomesADurationToTheNanosecond() {
    assertEquals(Duration.ofMillis(1500), AcquireRequest.waitOfSeconds(1.5));
    assertEquals(Duration.ZERO, AcquireRequest.waitOfSeconds(0));
  }

  private static void assertMessage(String expected, Runnable request) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, request::run).getMessage());
  }
}

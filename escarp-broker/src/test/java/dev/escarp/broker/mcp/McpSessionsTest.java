package dev.escarp.broker.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.tools.testing.FakeBackend;
import dev.escarp.mcp.tools.testing.ManualHeartbeats;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rules that end an MCP session, on a hand-driven clock. */
class McpSessionsTest {

  private final AtomicLong now = new AtomicLong();
  private final McpSessions sessions = new McpSessions(now::get, Duration.ofSeconds(10), Duration.ofSeconds(60));

  private SessionLease lease() {
    return new SessionLease(new FakeBackend(Optional.of(Duration.ofSeconds(60))), new ManualHeartbeats(),
        InstantSource.system(), line -> {});
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aSessionWhoseStreamIsGone_endsOnceTheGraceHasPassed_notBefore() {
    sessions.opened("a", lease());
    sessions.streamOpened("a");
    advance(Duration.ofMinutes(5));
    assertTrue(sessions.due().isEmpty(), "an open stream keeps the session, however long");
    sessions.streamClosed("a");
    advance(Duration.ofSeconds(9));
    assertTrue(sessions.due().isEmpty(), "within the grace a client may reconnect");
    sessions.streamOpened("a");
    sessions.streamClosed("a");
    advance(Duration.ofSeconds(10));
    assertEquals(Set.of("a"), sessions.due().keySet());
  }

  @Test
  void aSessionWithoutAStream_endsWhenIdlePastTheTtl_andARequestInFlightKeepsIt() {
    sessions.opened("b", lease());
    advance(Duration.ofSeconds(59));
    assertTrue(sessions.due().isEmpty());
    sessions.requestStarted("b");
    advance(Duration.ofSeconds(120));
    assertTrue(sessions.due().isEmpty(), "a call still waiting is not idle");
    sessions.requestEnded("b");
    advance(Duration.ofSeconds(60));
    assertTrue(sessions.due().get("b").contains("idle"), sessions.due().toString());
  }
}

package dev.escarp.core.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteBrowserTest {

  @Test
  void anHttpRemoteHasAnHttpBaseAndKeepsItsTokenOutOfItsDisplayUrl() {
    RemoteBrowser r = RemoteBrowser.of("x", "http://10.0.0.5:9222/?token=abc");
    assertFalse(r.webSocketOnly());
    assertEquals(Optional.of("http://10.0.0.5:9222"), r.httpBase());
    assertEquals("token=abc", r.rawQuery());
    assertFalse(r.displayUrl().contains("abc"));
    assertFalse(r.toString().contains("abc"));
  }

  @Test
  void aWebSocketRemoteHasNoHttpBase() {
    RemoteBrowser r = RemoteBrowser.of("x", "ws://h:3000/devtools/browser/id");
    assertTrue(r.webSocketOnly());
    assertEquals(Optional.empty(), r.httpBase());
    assertEquals(3000, r.port());
  }

  @Test
  void tlsAndOddNamesAreRefusedWithTheReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RemoteBrowser.of("x", "wss://h/devtools"))
        .getMessage().contains("TLS"));
    assertThrows(IllegalArgumentException.class, () -> RemoteBrowser.of("../x", "http://h:1"));
  }
}

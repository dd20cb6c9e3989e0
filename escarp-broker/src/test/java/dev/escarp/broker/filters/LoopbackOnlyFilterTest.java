package dev.escarp.broker.filters;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackOnlyFilterTest {

  @Test
  void loopbackHostHeaders_areAccepted() {
    for (String host : new String[] {"127.0.0.1", "127.0.0.1:7878", "localhost", "LOCALHOST:7888", "[::1]", "[::1]:7878"}) {
      assertTrue(LoopbackOnlyFilter.isLoopbackHost(host), host);
    }
  }

  @Test
  void otherHostHeaders_areRefused() {
    for (String host : new String[] {"evil.example", "127.0.0.1.evil.example", "localhost.evil.example:7878",
        "192.168.1.5:7878", "127.0.0.1:port", "[::2]:7878", "", "127.0.0.1:", "127.0.0.1:123456", "[::1]7878"}) {
      assertFalse(LoopbackOnlyFilter.isLoopbackHost(host), host);
    }
  }

  @Test
  void loopbackOrigins_areAccepted_andEverythingElseRefused() {
    assertTrue(LoopbackOnlyFilter.isLoopbackOrigin("http://localhost:3000"));
    assertTrue(LoopbackOnlyFilter.isLoopbackOrigin("http://127.0.0.1:8000"));
    assertFalse(LoopbackOnlyFilter.isLoopbackOrigin("null"));
    assertFalse(LoopbackOnlyFilter.isLoopbackOrigin("https://evil.example"));
    assertFalse(LoopbackOnlyFilter.isLoopbackOrigin("http://localhost.evil.example"));
    assertFalse(LoopbackOnlyFilter.isLoopbackOrigin("file://"));
    assertFalse(LoopbackOnlyFilter.isLoopbackOrigin("chrome-extension://abcdef"));
  }
}

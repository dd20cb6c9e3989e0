package dev.escarp.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * escarp-junit is built against the oldest JUnit it supports and its tests run on it: this is the
 * build's proof that the extension works on JUnit 5 (escarp-examples runs it on JUnit 6).
 */
class JUnitVersionTest {

  @Test
  void theseTestsRunOnJUnit5_10() {
    String version = Test.class.getPackage().getImplementationVersion();
    assertTrue(version != null && version.startsWith("5.10."), "JUnit Jupiter " + version);
  }
}
